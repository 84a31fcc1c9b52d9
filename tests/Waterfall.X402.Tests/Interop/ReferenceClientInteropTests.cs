using System.Net;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waterfall.Chain.Primitives;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts;
using Waterfall.X402.Tests.Support;

namespace Waterfall.X402.Tests.Interop;

/// <summary>
/// The reference TypeScript client pays, our facilitator verifies and settles: the PAYMENT-SIGNATURE
/// header that @x402/core + @x402/evm produce goes through our HTTP endpoints onto anvil; and the
/// reference resource server's facilitator client (which checks every answer against its own schemas)
/// uses our endpoints.
/// </summary>
public sealed class ReferenceClientInteropTests(LocalChain chain) : IClassFixture<LocalChain>, IAsyncLifetime, IDisposable
{
    private static readonly BigInteger Amount = Usdc.Units(0.25m);

    private readonly X402TestStack _stack = new(chain);
    private FacilitatorServer _server = null!;

    public async Task InitializeAsync() => _server = await FacilitatorServer.StartAsync(chain);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _stack.Dispose();

    [Fact]
    public async Task A_payment_signed_by_the_reference_client_is_verified_and_settled_by_our_facilitator_over_http()
    {
        var payer = LocalChain.PayerKeys[4];
        var requirements = _stack.RequirementsFor(Amount);
        var paymentRequired = PaymentRequirementsFactory.PaymentRequired(
            new ResourceInfo { Url = "https://api.example.com/credits", Description = "wallet top-up", MimeType = "application/json" },
            [requirements]);
        var payerBefore = await chain.BalanceOfAsync(payer.Address);
        var payToBefore = await chain.BalanceOfAsync(LocalChain.PayTo);

        var client = await ReferenceStack.RunAsync("client.mjs", new JsonObject
        {
            ["paymentRequired"] = ReferenceStack.ToNode(paymentRequired),
            ["payerKey"] = AnvilAccounts.PrivateKeyHexes[6],
        });
        var header = client.GetProperty("header").GetString()!;
        var payload = X402Headers.DecodePaymentSignature(header);
        var body = X402Json.Stringify(FacilitatorRequest.For(payload, requirements));
        var (verifyStatus, verify) = await PostAsync<VerifyResponse>("x402/verify", body);
        var (settleStatus, settle) = await PostAsync<SettleResponse>("x402/settle", body);

        Assert.Equal(payer.Address, AnvilAccounts.Address(6));
        Assert.Equal(X402Json.Stringify(client.GetProperty("paymentPayload")), Encoding.UTF8.GetString(Convert.FromBase64String(header)));
        Assert.Equal(X402Json.Stringify(requirements), X402Json.Stringify(payload.Accepted));
        Assert.Equal(HttpStatusCode.OK, verifyStatus);
        Assert.Equal(VerifyResponse.Valid(payer.Address.ToString()), verify);
        Assert.Equal(HttpStatusCode.OK, settleStatus);
        Assert.True(settle.Success, settle.ErrorReason + " " + settle.ErrorMessage);
        var receipt = await chain.Client.GetTransactionReceiptAsync(Bytes32.Parse(settle.Transaction));
        var transfer = Assert.Single(chain.TokenClient.TransfersIn(receipt!));
        Assert.Equal((payer.Address, LocalChain.PayTo, Amount), (transfer.From, transfer.To, transfer.Value));
        Assert.Equal(payerBefore - Amount, await chain.BalanceOfAsync(payer.Address));
        Assert.Equal(payToBefore + Amount, await chain.BalanceOfAsync(LocalChain.PayTo));
    }

    [Fact]
    public async Task The_reference_facilitator_client_reads_our_supported_verify_and_settle_answers()
    {
        var requirements = _stack.RequirementsFor(Amount);
        var payload = await _stack.PayAsync(requirements, LocalChain.PayerKeys[4]);
        var payToBefore = await chain.BalanceOfAsync(LocalChain.PayTo);

        var answers = await ReferenceStack.RunAsync("facilitator-client.mjs", new JsonObject
        {
            ["facilitatorUrl"] = new Uri(_server.Root, "x402").ToString(),
            ["paymentPayload"] = ReferenceStack.ToNode(payload),
            ["paymentRequirements"] = ReferenceStack.ToNode(requirements),
        });

        var supported = answers.GetProperty("supported");
        Assert.False(supported.TryGetProperty("error", out _), supported.GetRawText());
        Assert.Equal("eip155:31337", supported.GetProperty("kinds")[0].GetProperty("network").GetString());
        Assert.Equal(LocalChain.Facilitator.ToString(), supported.GetProperty("signers").GetProperty("eip155:*")[0].GetString());
        var verify = answers.GetProperty("verify");
        Assert.True(verify.GetProperty("isValid").GetBoolean(), verify.GetRawText());
        var settle = answers.GetProperty("settle");
        Assert.True(settle.GetProperty("success").GetBoolean(), settle.GetRawText());
        Assert.Equal("eip155:31337", settle.GetProperty("network").GetString());
        Assert.Equal(payToBefore + Amount, await chain.BalanceOfAsync(LocalChain.PayTo));
    }

    [Fact]
    public async Task The_reference_facilitator_client_reads_our_refusal_as_a_verify_error_with_our_reason()
    {
        var requirements = _stack.RequirementsFor(Amount);
        var payload = await _stack.PayAsync(_stack.RequirementsFor(Amount, EthAddress.Parse("0x000000000000000000000000000000000000dEaD")), LocalChain.PayerKeys[4]);

        var answers = await ReferenceStack.RunAsync("facilitator-client.mjs", new JsonObject
        {
            ["facilitatorUrl"] = new Uri(_server.Root, "x402").ToString(),
            ["paymentPayload"] = ReferenceStack.ToNode(payload),
            ["paymentRequirements"] = ReferenceStack.ToNode(requirements),
        });

        var verify = answers.GetProperty("verify");
        Assert.False(verify.GetProperty("isValid").GetBoolean(), verify.GetRawText());
        Assert.Equal("invalid_exact_evm_recipient_mismatch", verify.GetProperty("invalidReason").GetString());
        var settle = answers.GetProperty("settle");
        Assert.False(settle.GetProperty("success").GetBoolean(), settle.GetRawText());
        Assert.Equal("invalid_exact_evm_recipient_mismatch", settle.GetProperty("errorReason").GetString());
    }

    private async Task<(HttpStatusCode Status, T Body)> PostAsync<T>(string path, string body)
        where T : class
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _server.Http.PostAsync(path, content);
        var json = X402Wire.ParseJson(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.Deserialize<T>(X402Json.Options)!);
    }
}
