using System.Numerics;
using System.Text.Json.Nodes;
using Waterfall.Chain.Primitives;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts;
using Waterfall.X402.Tests.Support;

namespace Waterfall.X402.Tests.Verification;

/// <summary>The shared vector's payment, verified and settled by our facilitator on a fresh chain (token at 0x5FbD…, payer anvil #0).</summary>
public sealed class VectorSettlementTests
{
    private const string VectorCalldata =
        "0xe3ee160e000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb9226600000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c80000000000000000000000000000000000000000000000000000000000002710000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000f4865700d8e1efcbc53e8e486c2516f932b47b6522b60fe8a8df67e1bdfc13d5daf4f2b5000000000000000000000000000000000000000000000000000000000000001b7e03595f66e1c35e90dca3a6d0e26c92bcbe8fe7c748762ef34f788f926de127037a83cb6ee00076891cca4fecd44a864568d998bf0a6d480125b9dcf3f555a6";

    [Fact]
    public async Task The_vector_payment_verifies_settles_and_moves_exactly_10000_from_payer_to_payee()
    {
        await using var chain = await LocalChain.StartAsync();
        using var stack = new X402TestStack(chain);
        Assert.Equal(EthAddress.Parse(X402Vector.Token), chain.Token);
        var payload = X402Headers.DecodePaymentSignature(X402Vector.Header);
        var requirements = X402Wire.ParsePaymentRequirements(X402Vector.Requirements);
        var payer = EthAddress.Parse(X402Vector.Payer);
        var payTo = EthAddress.Parse(X402Vector.PayTo);
        var payerBefore = await chain.BalanceOfAsync(payer);
        var payToBefore = await chain.BalanceOfAsync(payTo);

        var verified = await stack.Verifier.VerifyAsync(payload, requirements);
        var settled = await stack.Settler.SettleAsync(payload, requirements);

        Assert.Equal(VerifyResponse.Valid(X402Vector.Payer), verified);
        Assert.True(settled.Success, settled.ErrorReason + " " + settled.ErrorMessage);
        Assert.Equal("eip155:31337", settled.Network);
        Assert.Equal(X402Vector.Payer, settled.Payer);
        var receipt = await chain.Client.GetTransactionReceiptAsync(Bytes32.Parse(settled.Transaction));
        Assert.NotNull(receipt);
        Assert.True(receipt.Succeeded);
        Assert.Equal(LocalChain.Facilitator, receipt.From);
        var transfer = Assert.Single(chain.TokenClient.TransfersIn(receipt));
        Assert.Equal((chain.Token, payer, payTo, new BigInteger(10_000)), (transfer.Token, transfer.From, transfer.To, transfer.Value));
        Assert.Equal(payerBefore - 10_000, await chain.BalanceOfAsync(payer));
        Assert.Equal(payToBefore + 10_000, await chain.BalanceOfAsync(payTo));
        Assert.True(await chain.AuthorizationStateAsync(payer, Bytes32.Parse("0xd8e1efcbc53e8e486c2516f932b47b6522b60fe8a8df67e1bdfc13d5daf4f2b5")));
        // The facilitator sent exactly the vector's settlement call: the (v, r, s) overload for a 65-byte EOA signature.
        var transaction = await chain.Client.RequestAsync("eth_getTransactionByHash", [JsonValue.Create(settled.Transaction)]);
        Assert.Equal(VectorCalldata, transaction.GetProperty("input").GetString());
    }

    [Fact]
    public async Task The_vector_payment_replayed_after_settlement_is_refused_as_a_used_nonce_and_moves_nothing()
    {
        await using var chain = await LocalChain.StartAsync();
        using var stack = new X402TestStack(chain);
        var payload = X402Headers.DecodePaymentSignature(X402Vector.Header);
        var requirements = X402Wire.ParsePaymentRequirements(X402Vector.Requirements);
        var first = await stack.Settler.SettleAsync(payload, requirements);
        Assert.True(first.Success, first.ErrorReason);
        var payer = EthAddress.Parse(X402Vector.Payer);
        var payTo = EthAddress.Parse(X402Vector.PayTo);
        var before = await ChainSnapshot.TakeAsync(chain, payer, payTo, default);

        var verified = await stack.Verifier.VerifyAsync(payload, requirements);
        var settled = await stack.Settler.SettleAsync(payload, requirements);

        Assert.False(verified.IsValid);
        Assert.Equal("invalid_exact_evm_nonce_already_used", verified.InvalidReason);
        Assert.Equal(X402Vector.Payer, verified.Payer);
        Assert.False(settled.Success);
        Assert.Equal("invalid_exact_evm_nonce_already_used", settled.ErrorReason);
        Assert.Equal("", settled.Transaction);
        Assert.Equal(before, await ChainSnapshot.TakeAsync(chain, payer, payTo, default));
    }

    [Fact]
    public async Task The_vector_payment_from_a_payer_without_usdc_is_refused_for_its_balance()
    {
        await using var chain = await LocalChain.StartAsync(new LocalChainOptions { FundedPayers = [LocalChain.PayTo], UsdcPerPayer = Usdc.Units(1m) });
        using var stack = new X402TestStack(chain);
        var payload = X402Headers.DecodePaymentSignature(X402Vector.Header);
        var requirements = X402Wire.ParsePaymentRequirements(X402Vector.Requirements);

        var verified = await stack.Verifier.VerifyAsync(payload, requirements);
        var settled = await stack.Settler.SettleAsync(payload, requirements);

        Assert.Equal("invalid_exact_evm_insufficient_balance", verified.InvalidReason);
        Assert.Contains("exceeds balance", verified.InvalidMessage, StringComparison.Ordinal);
        Assert.Equal("invalid_exact_evm_insufficient_balance", settled.ErrorReason);
        Assert.Equal(BigInteger.Zero, await chain.BalanceOfAsync(EthAddress.Parse(X402Vector.Payer)));
    }
}
