using System.Net;
using System.Text.Json;

namespace Waterfall.Gateway.Tests;

/// <summary>The caller's end user (OpenAI <c>user</c>, Anthropic <c>metadata.user_id</c>) lands on the capture's ledger attribution.</summary>
[Collection("gateway")]
public class EndUserTests(GatewayFixture gateway)
{
    private static readonly string TooLong = new('u', 257);

    private async Task<HttpRequestMessage> Messages(string wallet, string json)
    {
        var request = gateway.Post("v1/messages", json, "unused");
        request.Headers.Authorization = null;
        request.Headers.Add("x-api-key", await gateway.WalletKeyAsync(wallet));
        request.Headers.Add("anthropic-version", "2023-06-01");
        return request;
    }

    [Fact]
    public async Task A_chat_call_with_a_user_records_that_end_user_on_its_capture()
    {
        var wallet = await gateway.FundedWalletAsync(1m);

        using var response = await gateway.Http.SendAsync(gateway.Post("v1/chat/completions",
            """{"model":"gpt-4o-mini","user":"end-user-42","messages":[{"role":"user","content":"fake:output=2"}]}""", await gateway.WalletKeyAsync(wallet)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var capture = Assert.Single((await gateway.LedgerAsync(wallet)).Captures());
        Assert.Equal("end-user-42", capture.Attribution.EndUser);
    }

    [Fact]
    public async Task A_message_with_metadata_user_id_records_that_end_user_on_its_capture()
    {
        var wallet = await gateway.FundedWalletAsync(1m);

        using var response = await gateway.Http.SendAsync(await Messages(wallet,
            """{"model":"claude-sonnet-4-5","max_tokens":16,"metadata":{"user_id":"end-user-42"},"messages":[{"role":"user","content":"fake:output=2"}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var capture = Assert.Single((await gateway.LedgerAsync(wallet)).Captures());
        Assert.Equal("end-user-42", capture.Attribution.EndUser);
    }

    [Fact]
    public async Task A_call_without_a_user_records_no_end_user()
    {
        var wallet = await gateway.FundedWalletAsync(1m);

        using var response = await gateway.Http.SendAsync(gateway.Post("v1/chat/completions",
            """{"model":"gpt-4o-mini","user":"","messages":[{"role":"user","content":"fake:output=2"}]}""", await gateway.WalletKeyAsync(wallet)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", Assert.Single((await gateway.LedgerAsync(wallet)).Captures()).Attribution.EndUser);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // a control character instead
    public async Task A_chat_user_too_long_or_with_control_characters_is_refused_400_invalid_user_before_any_hold(bool tooLong)
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var before = await gateway.LedgerAsync(wallet);
        var forwarded = gateway.Provider.Requests.Count;
        var user = JsonSerializer.Serialize(tooLong ? TooLong : "alice\u0007bob");

        using var response = await gateway.Http.SendAsync(gateway.Post("v1/chat/completions",
            $$"""{"model":"gpt-4o-mini","user":{{user}},"messages":[{"role":"user","content":"fake:output=2"}]}""", await gateway.WalletKeyAsync(wallet)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("invalid_user", error.GetProperty("code").GetString());
        Assert.Equal("user", error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(before.Count, (await gateway.LedgerAsync(wallet)).Count);
        Assert.Empty((await gateway.WalletAsync(wallet)).Holds);
        Assert.Equal(forwarded, gateway.Provider.Requests.Count);
    }

    [Fact]
    public async Task A_message_user_id_too_long_is_refused_400_in_the_anthropic_shape_before_any_hold()
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var before = await gateway.LedgerAsync(wallet);

        using var response = await gateway.Http.SendAsync(await Messages(wallet,
            $$"""{"model":"claude-sonnet-4-5","max_tokens":16,"metadata":{"user_id":"{{TooLong}}"},"messages":[{"role":"user","content":"fake:output=2"}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("256", body.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(before.Count, (await gateway.LedgerAsync(wallet)).Count);
        Assert.Empty((await gateway.WalletAsync(wallet)).Holds);
    }
}
