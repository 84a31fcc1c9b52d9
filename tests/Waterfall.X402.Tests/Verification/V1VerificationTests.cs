using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts;
using Waterfall.X402.Tests.Support;

namespace Waterfall.X402.Tests.Verification;

/// <summary>x402 v1 (X-PAYMENT): network names instead of CAIP-2, maxAmountRequired, and v1's own value reason.</summary>
public sealed class V1VerificationTests(LocalChain chain) : IClassFixture<LocalChain>, IDisposable
{
    private static readonly BigInteger Amount = Usdc.Units(0.05m);

    private readonly X402TestStack _stack = new(chain);

    public void Dispose() => _stack.Dispose();

    private PaymentRequirementsV1 Requirements(BigInteger amount) =>
        _stack.Requirements.CreateV1(X402TestStack.V1Network, LocalChain.PayTo, amount, "https://api.example.com/credits", "wallet top-up", "application/json", 60);

    private async Task<PaymentPayloadV1> PayAsync(PaymentRequirementsV1 requirements, EthPrivateKey payer)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds((long)await chain.LatestTimestampAsync());
        return ExactEvmPayer.CreatePaymentPayloadV1(requirements, payer, _stack.Networks, now);
    }

    [Fact]
    public async Task A_v1_payment_decoded_from_its_x_payment_header_verifies_and_settles()
    {
        var requirements = Requirements(Amount);
        var payer = LocalChain.PayerKeys[2];
        var header = X402Headers.EncodeXPayment(await PayAsync(requirements, payer));
        var payToBefore = await chain.BalanceOfAsync(LocalChain.PayTo);

        var payload = X402Headers.DecodeXPayment(header);
        var verified = await _stack.Verifier.VerifyAsync(payload, requirements);
        var settled = await _stack.Facilitator.SettleAsync(
            System.Text.Json.JsonSerializer.SerializeToElement(FacilitatorRequest.For(payload, requirements), X402Json.Options));

        Assert.Equal(header, X402Headers.EncodeXPayment(payload));
        Assert.Equal(VerifyResponse.Valid(payer.Address.ToString()), verified);
        Assert.True(settled.Success, settled.ErrorReason + " " + settled.ErrorMessage);
        Assert.Equal("anvil", settled.Network);
        Assert.Equal(payToBefore + Amount, await chain.BalanceOfAsync(LocalChain.PayTo));
        var receipt = await chain.Client.GetTransactionReceiptAsync(Bytes32.Parse(settled.Transaction));
        Assert.Equal(Amount, Assert.Single(chain.TokenClient.TransfersIn(receipt!)).Value);
    }

    [Fact]
    public async Task A_v1_payment_for_less_than_max_amount_required_is_refused_with_the_v1_reason()
    {
        var payload = await PayAsync(Requirements(Amount - 1), LocalChain.PayerKeys[2]);

        var verified = await _stack.Verifier.VerifyAsync(payload, Requirements(Amount));

        Assert.False(verified.IsValid);
        Assert.Equal("invalid_exact_evm_authorization_value", verified.InvalidReason);
    }

    [Fact]
    public async Task A_v1_payment_naming_an_unknown_network_is_a_network_mismatch()
    {
        var payload = await PayAsync(Requirements(Amount), LocalChain.PayerKeys[2]) with { Network = "atlantis" };

        var verified = await _stack.Verifier.VerifyAsync(payload, Requirements(Amount));

        Assert.Equal("invalid_exact_evm_network_mismatch", verified.InvalidReason);
    }

    [Fact]
    public async Task A_v1_payment_with_an_insufficient_balance_has_no_message_as_in_the_reference()
    {
        var poor = await chain.NewPayerAsync(0);
        var payload = await PayAsync(Requirements(Amount), poor);

        var verified = await _stack.Verifier.VerifyAsync(payload, Requirements(Amount));

        Assert.Equal(VerifyResponse.Invalid("invalid_exact_evm_insufficient_balance", poor.Address.ToString()), verified);
    }
}
