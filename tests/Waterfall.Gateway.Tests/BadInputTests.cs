using System.Net;
using System.Text.Json;

namespace Waterfall.Gateway.Tests;

[Collection("gateway")]
public class BadInputTests(GatewayFixture gateway)
{
    public static TheoryData<string, string, int> OpenAiRefusals => new()
    {
        { "not json", "{\"model\":", 400 },
        { "unknown model", """{"model":"gpt-nonexistent","messages":[{"role":"user","content":"hi"}]}""", 404 },
        { "zero max_tokens", """{"model":"gpt-4o-mini","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}""", 400 },
        { "negative max_tokens", """{"model":"gpt-4o-mini","max_tokens":-5,"messages":[{"role":"user","content":"hi"}]}""", 400 },
        { "absurd max_tokens", """{"model":"gpt-4o-mini","max_tokens":1000000000,"messages":[{"role":"user","content":"hi"}]}""", 400 },
        { "too many choices", """{"model":"gpt-4o-mini","n":1000,"messages":[{"role":"user","content":"hi"}]}""", 400 },
        { "no messages", """{"model":"gpt-4o-mini"}""", 400 },
        { "anthropic model on the openai endpoint", """{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}""", 400 },
    };

    [Theory]
    [MemberData(nameof(OpenAiRefusals))]
    public async Task Bad_requests_get_the_openai_error_shape_and_change_nothing(string what, string body, int status)
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var before = await gateway.LedgerAsync(wallet);

        using var response = await gateway.Http.SendAsync(gateway.Post("v1/chat/completions", body, await gateway.WalletKeyAsync(wallet)));

        Assert.True(status == (int)response.StatusCode, what);
        var error = await OpenAiError(response);
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()), what);
        Assert.Equal(before.Count, (await gateway.LedgerAsync(wallet)).Count);
        Assert.Empty((await gateway.WalletAsync(wallet)).Holds);
    }

    [Fact]
    public async Task A_model_the_key_may_not_use_is_refused_before_anything_is_forwarded()
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var key = await gateway.WalletKeyAsync(wallet, allowedModels: ["gpt-4o"]);
        var forwarded = gateway.Provider.Requests.Count;

        using var response = await gateway.Http.SendAsync(gateway.Post("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""", key));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("model_not_allowed", (await OpenAiError(response)).GetProperty("code").GetString());
        Assert.Equal(forwarded, gateway.Provider.Requests.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wf_wk_nosuchkey_secret")]
    [InlineData("not-a-key")]
    public async Task A_missing_or_wrong_key_is_refused_401(string? key)
    {
        var request = gateway.Post("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""", key ?? "x");
        if (key is null) request.Headers.Authorization = null;

        using var response = await gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await OpenAiError(response);
    }

    [Fact]
    public async Task An_oversize_body_is_refused_413()
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var huge = new string('a', 100 * 1024);

        using var response = await gateway.Http.SendAsync(gateway.Post("v1/chat/completions",
            $$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{huge}}"}]}""", await gateway.WalletKeyAsync(wallet)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(2, (await gateway.LedgerAsync(wallet)).Count);
    }

    [Fact]
    public async Task Anthropic_requests_get_the_anthropic_error_shape()
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var request = gateway.Post("v1/messages", """{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}""", "unused");
        request.Headers.Authorization = null;
        request.Headers.Add("x-api-key", await gateway.WalletKeyAsync(wallet));
        request.Headers.Add("anthropic-version", "2023-06-01");

        using var response = await gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(2, (await gateway.LedgerAsync(wallet)).Count);
    }

    [Fact]
    public async Task A_meter_key_names_the_wallet_in_a_header_and_a_wallet_key_ignores_it()
    {
        var mine = await gateway.FundedWalletAsync(1m);
        var other = await gateway.FundedWalletAsync(1m);
        var viaMeter = gateway.Post("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"fake:output=2"}]}""", GatewayFixture.MeterKey);
        viaMeter.Headers.Add("X-Waterfall-Wallet", mine);
        viaMeter.Headers.Add("X-Waterfall-Agent", "agent-7");
        var viaWalletKey = gateway.Post("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"fake:output=2"}]}""", await gateway.WalletKeyAsync(mine));
        viaWalletKey.Headers.Add("X-Waterfall-Wallet", other);

        using var first = await gateway.Http.SendAsync(viaMeter);
        using var second = await gateway.Http.SendAsync(viaWalletKey);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var captures = (await gateway.LedgerAsync(mine)).Captures();
        Assert.Equal(2, captures.Count);
        Assert.Equal("agent-7", captures[0].Attribution.AgentId);
        Assert.Empty((await gateway.LedgerAsync(other)).Captures());
    }

    private static async Task<JsonElement> OpenAiError(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").Clone();
    }
}
