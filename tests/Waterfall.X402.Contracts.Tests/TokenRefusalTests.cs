using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.TypedData;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts.Tests.Support;

namespace Waterfall.X402.Contracts.Tests;

/// <summary>
/// What the token refuses, with USDC's revert reasons, both in a dry run and mined. The tests share one
/// chain, so each uses its own fresh payer and recipient and checks nothing moved.
/// </summary>
public sealed class TokenRefusalTests(LocalChain chain) : IClassFixture<LocalChain>
{
    private static readonly BigInteger Value = Usdc.Units(1.25m);

    private Eip3009TokenClient Token => chain.TokenClient;

    private static EthPrivateKey Facilitator => LocalChain.FacilitatorKey;

    [Fact]
    public async Task An_expired_authorization_is_refused_as_expired()
    {
        var payer = await chain.NewPayerAsync(Usdc.Units(10m));
        var now = await chain.LatestTimestampAsync();
        var signed = chain.SignAuthorization(payer, NewRecipient(), Value, validBefore: now + 30);
        await chain.IncreaseTimeAsync(TimeSpan.FromSeconds(60));

        await RefusedAsync(signed, "FiatTokenV2: authorization is expired");
    }

    [Fact]
    public async Task An_authorization_at_exactly_valid_before_is_expired()
    {
        var payer = await chain.NewPayerAsync(Usdc.Units(10m));
        var validBefore = await chain.LatestTimestampAsync() + 100;
        var signed = chain.SignAuthorization(payer, NewRecipient(), Value, validBefore: validBefore);
        await chain.SetNextBlockTimestampAsync((ulong)validBefore);

        var receipt = await Token.TransferWithAuthorizationAsync(chain.Sender(Facilitator), signed, new TransactionOptions { GasLimit = 300_000 });

        Assert.False(receipt.Succeeded);
        Assert.False(await chain.AuthorizationStateAsync(payer.Address, signed.Authorization.Nonce));
    }

    [Fact]
    public async Task A_not_yet_valid_authorization_is_refused_until_the_chain_passes_valid_after()
    {
        var payer = await chain.NewPayerAsync(Usdc.Units(10m));
        var recipient = NewRecipient();
        var validAfter = await chain.LatestTimestampAsync() + 3600;
        var signed = chain.SignAuthorization(payer, recipient, Value, validAfter: validAfter);

        await RefusedAsync(signed, "FiatTokenV2: authorization is not yet valid");
        await chain.IncreaseTimeAsync(TimeSpan.FromHours(2));
        var receipt = await Token.TransferWithAuthorizationAsync(chain.Sender(Facilitator), signed);

        ChainAssert.Succeeded(receipt);
        Assert.Equal(Value, await chain.BalanceOfAsync(recipient));
    }

    [Fact]
    public async Task An_authorization_signed_by_another_key_is_refused_as_an_invalid_signature()
    {
        var payer = await chain.NewPayerAsync(Usdc.Units(10m));
        var authorization = LocalChain.Authorization(payer.Address, NewRecipient(), Value);
        var signedByStranger = chain.Sign(authorization, EthPrivateKey.Generate());

        await RefusedAsync(signedByStranger, "FiatTokenV2: invalid signature");
        await ChainAssert.RevertsAsync(chain, Facilitator, chain.Token,
            Eip3009TokenClient.EncodeTransferWithAuthorization(authorization, signedByStranger.TryGetEcdsaSignature()!), "FiatTokenV2: invalid signature");
    }

    [Fact]
    public async Task A_signature_over_different_terms_is_refused_as_an_invalid_signature()
    {
        var payer = await chain.NewPayerAsync(Usdc.Units(10m));
        var signed = chain.SignAuthorization(payer, NewRecipient(), Value);
        var raised = signed with { Authorization = signed.Authorization with { Value = Value + 1 } };

        await RefusedAsync(raised, "FiatTokenV2: invalid signature");
    }

    [Fact]
    public async Task The_high_s_twin_of_a_valid_signature_is_refused_as_an_invalid_signature()
    {
        var payer = await chain.NewPayerAsync(Usdc.Units(10m));
        var signed = chain.SignAuthorization(payer, NewRecipient(), Value);
        var signature = signed.TryGetEcdsaSignature()!;
        var n = BigInteger.Parse("0fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        // (r, n - s) with the other parity recovers the same key: valid for plain ecrecover, malleable, refused.
        byte[] twin = [.. signature.R.Span, .. Bytes32.FromUInt256(n - signature.S.ToUInt256()).Span, (byte)(signature.V == 27 ? 28 : 27)];

        await RefusedAsync(signed with { Signature = twin }, "FiatTokenV2: invalid signature");
    }

    [Fact]
    public async Task A_signature_of_the_wrong_length_is_refused_as_an_invalid_signature()
    {
        var payer = await chain.NewPayerAsync(Usdc.Units(10m));
        var signed = chain.SignAuthorization(payer, NewRecipient(), Value);

        await RefusedAsync(signed with { Signature = signed.Signature[..64] }, "FiatTokenV2: invalid signature");
    }

    [Fact]
    public async Task A_receive_authorization_cannot_be_used_as_a_transfer_authorization()
    {
        var payer = await chain.NewPayerAsync(Usdc.Units(10m));
        var authorization = LocalChain.Authorization(payer.Address, NewRecipient(), Value);
        var receiveSigned = chain.Sign(authorization, payer, Eip3009Kind.ReceiveWithAuthorization);

        await RefusedAsync(receiveSigned, "FiatTokenV2: invalid signature");
    }

    [Fact]
    public async Task A_nonce_used_once_is_refused_for_a_second_authorization_of_the_same_payer()
    {
        var payer = await chain.NewPayerAsync(Usdc.Units(10m));
        var nonce = LocalChain.NewNonce();
        var first = chain.SignAuthorization(payer, NewRecipient(), Value, nonce: nonce);
        var second = chain.SignAuthorization(payer, NewRecipient(), Value + 7, nonce: nonce);
        ChainAssert.Succeeded(await Token.TransferWithAuthorizationAsync(chain.Sender(Facilitator), first));

        await RefusedAsync(second, "FiatTokenV2: authorization is used or canceled");
    }

    [Fact]
    public async Task The_same_nonce_is_independent_between_payers()
    {
        var payerA = await chain.NewPayerAsync(Usdc.Units(10m));
        var payerB = await chain.NewPayerAsync(Usdc.Units(10m));
        var nonce = LocalChain.NewNonce();

        ChainAssert.Succeeded(await Token.TransferWithAuthorizationAsync(chain.Sender(Facilitator), chain.SignAuthorization(payerA, NewRecipient(), Value, nonce: nonce)));
        ChainAssert.Succeeded(await Token.TransferWithAuthorizationAsync(chain.Sender(Facilitator), chain.SignAuthorization(payerB, NewRecipient(), Value, nonce: nonce)));
    }

    [Fact]
    public async Task An_authorization_for_more_than_the_payer_holds_is_refused_as_exceeding_the_balance()
    {
        var payer = await chain.NewPayerAsync(Usdc.Units(1m));
        var signed = chain.SignAuthorization(payer, NewRecipient(), Usdc.Units(1m) + 1);

        await RefusedAsync(signed, "ERC20: transfer amount exceeds balance");
    }

    [Fact]
    public async Task A_canceled_authorization_is_refused_as_used_or_canceled()
    {
        var payer = await chain.NewPayerAsync(Usdc.Units(10m));
        var signed = chain.SignAuthorization(payer, NewRecipient(), Value);
        var nonce = signed.Authorization.Nonce;
        var cancel = new EthSigner(payer).SignDigest(Eip3009TokenClient.CancelAuthorizationDigest(chain.TokenDomain, payer.Address, nonce));

        var receipt = await chain.Sender(Facilitator).SendAsync(chain.Token, Eip3009TokenClient.EncodeCancelAuthorization(payer.Address, nonce, cancel));

        ChainAssert.Succeeded(receipt);
        var canceled = Assert.Single(Token.AuthorizationEventsIn(receipt));
        Assert.True(canceled.Canceled);
        Assert.True(await chain.AuthorizationStateAsync(payer.Address, nonce));
        await RefusedAsync(signed, "FiatTokenV2: authorization is used or canceled");
    }

    [Fact]
    public async Task A_receive_authorization_moves_funds_only_when_the_payee_submits_it()
    {
        var payer = await chain.NewPayerAsync(Usdc.Units(10m));
        var payee = await chain.Anvil.NewFundedAccountAsync(BigInteger.Pow(10, 18));
        var authorization = LocalChain.Authorization(payer.Address, payee.Address, Value);
        var signature = chain.Sign(authorization, payer, Eip3009Kind.ReceiveWithAuthorization).Signature;
        var calldata = Eip3009TokenClient.EncodeReceiveWithAuthorization(authorization, signature);

        await ChainAssert.RevertsAsync(chain, Facilitator, chain.Token, calldata, "FiatTokenV2: caller must be the payee");
        var receipt = await chain.Sender(payee).SendAsync(chain.Token, calldata);

        ChainAssert.Succeeded(receipt);
        Assert.Equal(Value, await chain.BalanceOfAsync(payee.Address));
    }

    [Fact]
    public async Task Only_the_deployer_may_mint()
    {
        var stranger = await chain.Anvil.NewFundedAccountAsync(BigInteger.Pow(10, 18));

        await ChainAssert.RevertsAsync(chain, stranger, chain.Token, Eip3009TokenClient.EncodeMint(stranger.Address, 1), "FiatToken: caller is not a minter");
    }

    [Fact]
    public async Task A_plain_erc20_transfer_and_transfer_from_move_balances_and_respect_the_allowance()
    {
        var owner = await chain.NewPayerAsync(Usdc.Units(10m));
        var spender = await chain.Anvil.NewFundedAccountAsync(BigInteger.Pow(10, 18));
        var recipient = NewRecipient();
        ChainAssert.Succeeded(await Token.TransferAsync(chain.Sender(owner), recipient, Usdc.Units(1m)));
        ChainAssert.Succeeded(await chain.Sender(owner).SendAsync(chain.Token, Eip3009TokenClient.EncodeApprove(spender.Address, Usdc.Units(2m))));
        var transferFrom = ContractArtifacts.Eip3009Token.Function("transferFrom");

        ChainAssert.Succeeded(await chain.Sender(spender).SendAsync(chain.Token, transferFrom.EncodeCall(owner.Address, recipient, Usdc.Units(2m))));
        await ChainAssert.RevertsAsync(chain, spender, chain.Token, transferFrom.EncodeCall(owner.Address, recipient, 1), "ERC20: transfer amount exceeds allowance");

        Assert.Equal(Usdc.Units(3m), await chain.BalanceOfAsync(recipient));
        Assert.Equal(Usdc.Units(7m), await chain.BalanceOfAsync(owner.Address));
        Assert.Equal(BigInteger.Zero, await Token.AllowanceAsync(owner.Address, spender.Address));
    }

    /// <summary>Both overloads (when the signature has an r,s,v form) are refused with the reason, and nothing moves.</summary>
    private async Task RefusedAsync(SignedEip3009Authorization signed, string reason)
    {
        var a = signed.Authorization;
        var payerBefore = await chain.BalanceOfAsync(a.From);
        var recipientBefore = await chain.BalanceOfAsync(a.To);
        var stateBefore = await chain.AuthorizationStateAsync(a.From, a.Nonce);

        await ChainAssert.RevertsAsync(chain, Facilitator, chain.Token, Eip3009TokenClient.EncodeTransferWithAuthorization(signed), reason);
        if (signed.TryGetEcdsaSignature() is { } ecdsa)
            await ChainAssert.RevertsAsync(chain, Facilitator, chain.Token, Eip3009TokenClient.EncodeTransferWithAuthorization(a, ecdsa), reason);

        Assert.Equal(payerBefore, await chain.BalanceOfAsync(a.From));
        Assert.Equal(recipientBefore, await chain.BalanceOfAsync(a.To));
        Assert.Equal(stateBefore, await chain.AuthorizationStateAsync(a.From, a.Nonce));
    }

    private static EthAddress NewRecipient() => EthPrivateKey.Generate().Address;
}
