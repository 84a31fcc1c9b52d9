using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Waterfall.Chain.Primitives;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts;
using Waterfall.X402.Tests.Support;

namespace Waterfall.X402.Tests.Facilitator;

/// <summary>The facilitator over real HTTP (Kestrel on loopback): the reference's paths, bodies and status codes.</summary>
public sealed class FacilitatorEndpointTests(LocalChain chain) : IClassFixture<LocalChain>, IAsyncLifetime, IDisposable
{
    private static readonly BigInteger Amount = Usdc.Units(0.02m);

    private readonly X402TestStack _stack = new(chain);
    private FacilitatorServer _server = null!;

    public async Task InitializeAsync() => _server = await FacilitatorServer.StartAsync(chain);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _stack.Dispose();

    [Fact]
    public async Task Supported_lists_the_network_for_v2_and_v1_and_the_signer()
    {
        using var response = await _server.Http.GetAsync("x402/supported");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "{\"kinds\":[{\"x402Version\":2,\"scheme\":\"exact\",\"network\":\"eip155:31337\"},{\"x402Version\":1,\"scheme\":\"exact\",\"network\":\"anvil\"}]," +
            "\"extensions\":[],\"signers\":{\"eip155:*\":[\"" + LocalChain.Facilitator + "\"]}}",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_valid_payment_verifies_then_settles_over_http()
    {
        var requirements = _stack.RequirementsFor(Amount);
        var payer = LocalChain.PayerKeys[3];
        var payload = await _stack.PayAsync(requirements, payer);
        var before = await chain.BalanceOfAsync(payer.Address);

        var (verifyStatus, verify) = await PostAsync("x402/verify", X402TestStack.Body(payload, requirements).GetRawText());
        var (settleStatus, settle) = await PostAsync("x402/settle", X402TestStack.Body(payload, requirements).GetRawText());

        Assert.Equal(HttpStatusCode.OK, verifyStatus);
        Assert.Equal("{\"isValid\":true,\"payer\":\"" + payer.Address + "\"}", verify.GetRawText());
        Assert.Equal(HttpStatusCode.OK, settleStatus);
        Assert.True(settle.GetProperty("success").GetBoolean(), settle.GetRawText());
        Assert.Equal("eip155:31337", settle.GetProperty("network").GetString());
        Assert.Equal(payer.Address.ToString(), settle.GetProperty("payer").GetString());
        Assert.Equal(66, settle.GetProperty("transaction").GetString()!.Length);
        Assert.Equal(before - Amount, await chain.BalanceOfAsync(payer.Address));
    }

    [Fact]
    public async Task An_invalid_payment_is_an_ordinary_answer_with_status_200_and_the_reason()
    {
        var requirements = _stack.RequirementsFor(Amount);
        var payload = await _stack.PayAsync(_stack.RequirementsFor(Amount + 1), LocalChain.PayerKeys[3]);

        var (verifyStatus, verify) = await PostAsync("x402/verify", X402TestStack.Body(payload, requirements).GetRawText());
        var (settleStatus, settle) = await PostAsync("x402/settle", X402TestStack.Body(payload, requirements).GetRawText());

        Assert.Equal(HttpStatusCode.OK, verifyStatus);
        Assert.Equal(
            "{\"isValid\":false,\"invalidReason\":\"invalid_exact_evm_payload_authorization_value_mismatch\",\"payer\":\"" + LocalChain.PayerKeys[3].Address + "\"}",
            verify.GetRawText());
        Assert.Equal(HttpStatusCode.OK, settleStatus);
        Assert.Equal(
            "{\"success\":false,\"errorReason\":\"invalid_exact_evm_payload_authorization_value_mismatch\",\"payer\":\"" + LocalChain.PayerKeys[3].Address + "\",\"transaction\":\"\",\"network\":\"eip155:31337\"}",
            settle.GetRawText());
    }

    [Theory]
    [InlineData("x402/verify", "")]
    [InlineData("x402/verify", "{\"x402Version\":2,\"paymentPayload\":{}}")]
    [InlineData("x402/settle", "{\"x402Version\":2,\"paymentRequirements\":{\"scheme\":\"exact\"}}")]
    [InlineData("x402/settle", "{\"x402Version\":2,\"paymentPayload\":null,\"paymentRequirements\":{}}")]
    public async Task A_body_without_payload_or_requirements_is_a_400_with_the_reference_error(string path, string body)
    {
        var (status, answer) = await PostAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("{\"error\":\"Missing paymentPayload or paymentRequirements\"}", answer.GetRawText());
    }

    [Theory]
    [InlineData("x402/verify", "{not json")]
    [InlineData("x402/settle", "[1,2,3]")]
    [InlineData("x402/verify", "\"a string\"")]
    public async Task A_body_that_is_not_a_json_object_is_a_400_not_a_500(string path, string body)
    {
        var (status, answer) = await PostAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("error").GetString()));
    }

    [Theory]
    [InlineData("{\"x402Version\":3,\"paymentPayload\":{\"x402Version\":3},\"paymentRequirements\":{\"scheme\":\"exact\"}}", "invalid_x402_version")]
    [InlineData("{\"x402Version\":2,\"paymentPayload\":\"garbage\",\"paymentRequirements\":{\"scheme\":\"exact\"}}", "invalid_x402_version")]
    [InlineData("{\"x402Version\":2,\"paymentPayload\":{\"x402Version\":2,\"accepted\":{}},\"paymentRequirements\":{\"scheme\":\"exact\"}}", "invalid_payload")]
    public async Task A_request_whose_parts_are_malformed_is_answered_with_a_reason_not_a_500(string body, string reason)
    {
        var (verifyStatus, verify) = await PostAsync("x402/verify", body);
        var (settleStatus, settle) = await PostAsync("x402/settle", body);

        Assert.Equal(HttpStatusCode.OK, verifyStatus);
        Assert.Equal(reason, verify.GetProperty("invalidReason").GetString());
        Assert.Equal(HttpStatusCode.OK, settleStatus);
        Assert.Equal(reason, settle.GetProperty("errorReason").GetString());
        Assert.Equal("", settle.GetProperty("transaction").GetString());
    }

    [Fact]
    public async Task Malformed_requirements_next_to_a_good_payload_are_invalid_payment_requirements()
    {
        var requirements = _stack.RequirementsFor(Amount);
        var payload = await _stack.PayAsync(requirements, LocalChain.PayerKeys[3]);
        var body = $"{{\"x402Version\":2,\"paymentPayload\":{X402Json.Stringify(payload)},\"paymentRequirements\":{{\"scheme\":\"exact\",\"network\":\"eip155:31337\"}}}}";

        var (status, verify) = await PostAsync("x402/verify", body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("invalid_payment_requirements", verify.GetProperty("invalidReason").GetString());
    }

    [Fact]
    public async Task The_base_path_comes_from_configuration()
    {
        await using var server = await FacilitatorServer.StartAsync(chain, "/payments/facilitator");

        using var moved = await server.Http.GetAsync("payments/facilitator/supported");
        using var old = await server.Http.GetAsync("x402/supported");

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact]
    public async Task The_signer_key_never_appears_in_the_logs_even_when_settlement_fails()
    {
        var requirements = _stack.RequirementsFor(Amount);
        var payload = await _stack.PayAsync(requirements, LocalChain.PayerKeys[3]);
        await PostAsync("x402/settle", X402TestStack.Body(payload, requirements).GetRawText());
        await PostAsync("x402/settle", X402TestStack.Body(payload, requirements).GetRawText()); // replay: refused by the chain
        await PostAsync("x402/verify", "{\"x402Version\":2,\"paymentPayload\":{\"x402Version\":2},\"paymentRequirements\":{}}");

        var key = AnvilAccounts.PrivateKeyHexes[2][2..];
        Assert.NotEmpty(_server.Logs.Lines);
        Assert.DoesNotContain(_server.Logs.Lines, line => line.Contains(key, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(_server.Logs.Lines, line => line.Contains("invalid_exact_evm_nonce_already_used", StringComparison.Ordinal));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _server.Http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.Clone());
    }
}
