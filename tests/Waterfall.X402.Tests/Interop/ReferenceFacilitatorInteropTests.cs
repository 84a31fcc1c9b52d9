using System.Numerics;
using System.Text.Json.Nodes;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts;
using Waterfall.X402.Tests.Support;

namespace Waterfall.X402.Tests.Interop;

/// <summary>
/// Our client side pays, the reference facilitator settles: a payment our C# code signed and encoded
/// into a PAYMENT-SIGNATURE header is verified and settled by @x402/evm's exact facilitator (viem wallet
/// and public client on the anvil RPC).
/// </summary>
public sealed class ReferenceFacilitatorInteropTests(LocalChain chain) : IClassFixture<LocalChain>, IDisposable
{
    private static readonly BigInteger Amount = Usdc.Units(1.5m);

    private readonly X402TestStack _stack = new(chain);

    public void Dispose() => _stack.Dispose();

    [Fact]
    public async Task A_payment_signed_and_encoded_by_our_code_is_verified_and_settled_by_the_reference_facilitator()
    {
        var payer = LocalChain.PayerKeys[5];
        var requirements = _stack.RequirementsFor(Amount, maxTimeoutSeconds: 300);
        // As a .NET agent would: sign for the requirements with the wall clock, send the header.
        var header = X402Headers.EncodePaymentSignature(ExactEvmPayer.CreatePaymentPayload(
            requirements,
            payer,
            new ResourceInfo { Url = "https://api.example.com/credits", Description = "wallet top-up", MimeType = "application/json" }));
        var payerBefore = await chain.BalanceOfAsync(payer.Address);
        var payToBefore = await chain.BalanceOfAsync(LocalChain.PayTo);

        var result = await ReferenceStack.RunAsync("facilitator.mjs", new JsonObject
        {
            ["rpcUrl"] = chain.RpcUrl.ToString(),
            ["chainId"] = LocalChain.ChainId,
            ["facilitatorKey"] = AnvilAccounts.PrivateKeyHexes[2],
            ["paymentPayload"] = ReferenceStack.ToNode(X402Headers.DecodeJson(header)),
            ["paymentRequirements"] = ReferenceStack.ToNode(requirements),
        });

        var verify = result.GetProperty("verify");
        Assert.True(verify.GetProperty("isValid").GetBoolean(), verify.GetRawText());
        Assert.Equal(payer.Address.ToString(), verify.GetProperty("payer").GetString());
        var settle = result.GetProperty("settle");
        Assert.True(settle.GetProperty("success").GetBoolean(), settle.GetRawText());
        var receipt = await chain.Client.GetTransactionReceiptAsync(Bytes32.Parse(settle.GetProperty("transaction").GetString()!));
        Assert.True(receipt!.Succeeded);
        Assert.Equal(LocalChain.Facilitator, receipt.From);
        var transfer = Assert.Single(chain.TokenClient.TransfersIn(receipt));
        Assert.Equal((payer.Address, LocalChain.PayTo, Amount), (transfer.From, transfer.To, transfer.Value));
        Assert.Equal(payerBefore - Amount, await chain.BalanceOfAsync(payer.Address));
        Assert.Equal(payToBefore + Amount, await chain.BalanceOfAsync(LocalChain.PayTo));
    }

    [Fact]
    public async Task The_reference_facilitator_refuses_what_ours_refuses_with_the_same_reason()
    {
        var requirements = _stack.RequirementsFor(Amount, maxTimeoutSeconds: 300);
        var payload = ExactEvmPayer.CreatePaymentPayload(_stack.RequirementsFor(Amount - 1, maxTimeoutSeconds: 300), LocalChain.PayerKeys[5]) with { Accepted = requirements };
        var ours = await _stack.Verifier.VerifyAsync(payload, requirements);

        var result = await ReferenceStack.RunAsync("facilitator.mjs", new JsonObject
        {
            ["rpcUrl"] = chain.RpcUrl.ToString(),
            ["chainId"] = LocalChain.ChainId,
            ["facilitatorKey"] = AnvilAccounts.PrivateKeyHexes[2],
            ["paymentPayload"] = ReferenceStack.ToNode(payload),
            ["paymentRequirements"] = ReferenceStack.ToNode(requirements),
        });

        Assert.Equal("invalid_exact_evm_payload_authorization_value_mismatch", ours.InvalidReason);
        Assert.Equal(X402Json.Stringify(ours), X402Json.Stringify(result.GetProperty("verify")));
    }
}
