using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.TypedData;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts.Tests.Support;

namespace Waterfall.X402.Contracts.Tests;

/// <summary>
/// The token's EIP-2612 permit, as USDC has it: the owner signs once for a spending cap, anyone submits it,
/// and the spender pulls within it with transferFrom. Each test uses its own fresh owner and recipient.
/// </summary>
public sealed class PermitTests(LocalChain chain) : IClassFixture<LocalChain>
{
    private Eip3009TokenClient Token => chain.TokenClient;

    private static EthPrivateKey Spender => LocalChain.FacilitatorKey;

    private async Task<SignedEip2612Permit> SignAsync(EthPrivateKey owner, BigInteger cap, BigInteger? deadline = null, BigInteger? nonce = null, EthPrivateKey? signer = null)
    {
        var permit = new Eip2612Permit(owner.Address, Spender.Address, cap,
            nonce ?? await Token.PermitNonceAsync(owner.Address), deadline ?? await chain.LatestTimestampAsync() + 3600);
        return SignedEip2612Permit.Sign(permit, chain.TokenDomain, new EthSigner(signer ?? owner));
    }

    [Fact]
    public void The_permit_uses_the_usdc_selector_and_type_hash()
    {
        Assert.Equal("0xd505accf", Eip3009TokenClient.PermitVrs.SelectorHex);
        Assert.Equal(Keccak256.HashUtf8("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"), Eip2612Permit.TypeHash);
    }

    [Fact]
    public async Task A_signed_permit_sets_the_cap_and_transferFrom_pulls_exactly_the_amount_within_it()
    {
        var owner = await chain.NewPayerAsync(Usdc.Units(10m));
        var recipient = EthPrivateKey.Generate().Address;
        var signed = await SignAsync(owner, Usdc.Units(5m));

        ChainAssert.Succeeded(await Token.PermitAsync(chain.Sender(Spender), signed));
        Assert.Equal(Usdc.Units(5m), await Token.AllowanceAsync(owner.Address, Spender.Address));
        Assert.Equal(BigInteger.One, await Token.PermitNonceAsync(owner.Address));

        ChainAssert.Succeeded(await Token.TransferFromAsync(chain.Sender(Spender), owner.Address, recipient, Usdc.Units(2m)));

        Assert.Equal(Usdc.Units(2m), await chain.BalanceOfAsync(recipient));
        Assert.Equal(Usdc.Units(8m), await chain.BalanceOfAsync(owner.Address));
        Assert.Equal(Usdc.Units(3m), await Token.AllowanceAsync(owner.Address, Spender.Address));
    }

    [Fact]
    public async Task The_v_r_s_form_sets_the_same_allowance()
    {
        var owner = await chain.NewPayerAsync(Usdc.Units(1m));
        var signed = await SignAsync(owner, Usdc.Units(1m));

        ChainAssert.Succeeded(await chain.Sender(Spender).SendAsync(chain.Token,
            Eip3009TokenClient.EncodePermit(signed.Permit, EthSignature.FromBytes(signed.Signature))));

        Assert.Equal(Usdc.Units(1m), await Token.AllowanceAsync(owner.Address, Spender.Address));
    }

    [Fact]
    public async Task A_pull_beyond_the_cap_is_refused_and_moves_nothing()
    {
        var owner = await chain.NewPayerAsync(Usdc.Units(10m));
        var recipient = EthPrivateKey.Generate().Address;
        ChainAssert.Succeeded(await Token.PermitAsync(chain.Sender(Spender), await SignAsync(owner, Usdc.Units(1m))));

        await ChainAssert.RevertsAsync(chain, Spender, chain.Token,
            Eip3009TokenClient.EncodeTransferFrom(owner.Address, recipient, Usdc.Units(1.5m)), "ERC20: transfer amount exceeds allowance");

        Assert.Equal(Usdc.Units(10m), await chain.BalanceOfAsync(owner.Address));
        Assert.Equal(Usdc.Units(1m), await Token.AllowanceAsync(owner.Address, Spender.Address));
    }

    [Fact]
    public async Task An_expired_permit_is_refused_as_expired()
    {
        var owner = await chain.NewPayerAsync(Usdc.Units(1m));
        var signed = await SignAsync(owner, Usdc.Units(1m), deadline: await chain.LatestTimestampAsync() + 30);
        await chain.IncreaseTimeAsync(TimeSpan.FromSeconds(60));

        await ChainAssert.RevertsAsync(chain, Spender, chain.Token, Eip3009TokenClient.EncodePermit(signed), "FiatTokenV2: permit is expired");
        Assert.Equal(BigInteger.Zero, await Token.AllowanceAsync(owner.Address, Spender.Address));
    }

    [Fact]
    public async Task A_permit_submitted_twice_or_signed_by_another_key_is_refused()
    {
        var owner = await chain.NewPayerAsync(Usdc.Units(1m));
        var signed = await SignAsync(owner, Usdc.Units(1m));
        ChainAssert.Succeeded(await Token.PermitAsync(chain.Sender(Spender), signed));
        var forged = await SignAsync(owner, Usdc.Units(1000m), signer: EthPrivateKey.Generate());

        // Its nonce is spent: the digest the token checks is over the next one.
        await ChainAssert.RevertsAsync(chain, Spender, chain.Token, Eip3009TokenClient.EncodePermit(signed), "EIP2612: invalid signature");
        await ChainAssert.RevertsAsync(chain, Spender, chain.Token, Eip3009TokenClient.EncodePermit(forged), "EIP2612: invalid signature");
        Assert.Equal(Usdc.Units(1m), await Token.AllowanceAsync(owner.Address, Spender.Address));
    }
}
