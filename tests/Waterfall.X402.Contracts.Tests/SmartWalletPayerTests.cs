using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts.Tests.Support;

namespace Waterfall.X402.Contracts.Tests;

/// <summary>A contract payer (ERC-1271 smart wallet): the token asks the wallet whether the signature is good.</summary>
public sealed class SmartWalletPayerTests(LocalChain chain) : IClassFixture<LocalChain>
{
    private static readonly BigInteger Value = Usdc.Units(3m);

    [Fact]
    public async Task A_contract_wallet_payer_settles_through_the_bytes_signature_overload()
    {
        var (owner, wallet) = await NewWalletAsync(Usdc.Units(10m));
        var recipient = EthPrivateKey.Generate().Address;
        var authorization = LocalChain.Authorization(wallet, recipient, Value);
        var signed = chain.Sign(authorization, owner);

        var receipt = await chain.TokenClient.TransferWithAuthorizationAsync(chain.Sender(LocalChain.FacilitatorKey), signed);

        ChainAssert.Succeeded(receipt);
        var transfer = Assert.Single(chain.TokenClient.TransfersIn(receipt));
        Assert.Equal((wallet, recipient, Value), (transfer.From, transfer.To, transfer.Value));
        Assert.Equal(Usdc.Units(7m), await chain.BalanceOfAsync(wallet));
        Assert.Equal(Value, await chain.BalanceOfAsync(recipient));
        Assert.True(await chain.AuthorizationStateAsync(wallet, authorization.Nonce));
    }

    [Fact]
    public async Task A_contract_wallet_payer_settles_through_the_v_r_s_overload_as_usdc_allows()
    {
        var (owner, wallet) = await NewWalletAsync(Usdc.Units(10m));
        var recipient = EthPrivateKey.Generate().Address;
        var signed = chain.Sign(LocalChain.Authorization(wallet, recipient, Value), owner);

        var receipt = await chain.TokenClient.TransferWithAuthorizationAsync(chain.Sender(LocalChain.FacilitatorKey), signed.Authorization, signed.TryGetEcdsaSignature()!);

        ChainAssert.Succeeded(receipt);
        Assert.Equal(Value, await chain.BalanceOfAsync(recipient));
    }

    [Fact]
    public async Task A_contract_wallet_payer_settles_through_the_batcher()
    {
        var (owner, wallet) = await NewWalletAsync(Usdc.Units(10m));
        var recipient = EthPrivateKey.Generate().Address;
        var signed = chain.Sign(LocalChain.Authorization(wallet, recipient, Value), owner);

        var receipt = await chain.SettleAsync([signed]);

        var outcome = Assert.Single(chain.BatcherClient.OutcomesIn(receipt));
        Assert.True(outcome.Settled, outcome.Reason);
        Assert.Equal(wallet, outcome.From);
        Assert.Equal(Value, await chain.BalanceOfAsync(recipient));
    }

    [Fact]
    public async Task A_signature_the_wallet_does_not_accept_is_refused_as_an_invalid_signature()
    {
        var (_, wallet) = await NewWalletAsync(Usdc.Units(10m));
        var signedByStranger = chain.Sign(LocalChain.Authorization(wallet, EthPrivateKey.Generate().Address, Value), EthPrivateKey.Generate());

        await ChainAssert.RevertsAsync(chain, LocalChain.FacilitatorKey, chain.Token,
            Eip3009TokenClient.EncodeTransferWithAuthorization(signedByStranger), "FiatTokenV2: invalid signature");
        Assert.Equal(Usdc.Units(10m), await chain.BalanceOfAsync(wallet));
    }

    [Fact]
    public async Task The_wallet_answers_the_erc1271_magic_value_only_for_its_owners_signature()
    {
        var (owner, wallet) = await NewWalletAsync(0);
        var digest = new Bytes32(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var isValidSignature = ContractArtifacts.TestSmartWallet.Function("isValidSignature");

        async Task<string> AskAsync(EthPrivateKey signer)
        {
            var result = await chain.Client.CallAsync(new CallRequest { To = wallet, Data = isValidSignature.EncodeCall(digest, new EthSigner(signer).SignDigest(digest).ToBytes()) });
            return Hex.Encode((byte[])isValidSignature.DecodeOutput(result)[0]!);
        }

        Assert.Equal("0x1626ba7e", await AskAsync(owner));
        Assert.Equal("0xffffffff", await AskAsync(EthPrivateKey.Generate()));
    }

    private async Task<(EthPrivateKey Owner, EthAddress Wallet)> NewWalletAsync(BigInteger usdc)
    {
        var owner = EthPrivateKey.Generate();
        var wallet = await chain.DeployTestSmartWalletAsync(owner.Address);
        if (usdc > 0)
            await chain.MintAsync(wallet, usdc);
        return (owner, wallet);
    }
}
