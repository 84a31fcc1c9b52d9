using System.ClientModel;
using System.Net;
using OpenAI.Chat;
using Waterfall.Domain.Pricing.Rating;
using static Waterfall.Gateway.Tests.LedgerView;

namespace Waterfall.Gateway.Tests;

[Collection("gateway")]
public class FailureTests(GatewayFixture gateway)
{
    private const long FundsNanos = 1_000_000_000;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_upstream_error_before_any_output_passes_through_and_charges_nothing(bool stream)
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var chat = gateway.OpenAI(await gateway.WalletKeyAsync(wallet)).GetChatClient("gpt-4o-mini");

        var error = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            if (!stream) await chat.CompleteChatAsync([new UserChatMessage("fail fake:error=500")]);
            else await foreach (var _ in chat.CompleteChatStreamingAsync([new UserChatMessage("fail fake:error=500")])) { }
        });

        Assert.Equal(500, error.Status);
        var view = await gateway.WalletAsync(wallet);
        Assert.Equal(FundsNanos, view.UsdTotal());
        Assert.Empty(view.Holds);
        Assert.Empty((await gateway.LedgerAsync(wallet)).Captures());
    }

    [Fact]
    public async Task An_upstream_that_fails_mid_stream_is_charged_for_the_output_delivered()
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var chat = gateway.OpenAI(await gateway.WalletKeyAsync(wallet)).GetChatClient("gpt-4o-mini");

        var delivered = 0;
        ChatFinishReason? finish = null;
        // The gateway ends the stream with an error event and no [DONE]; the SDK may raise or simply stop.
        try
        {
            await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("go fake:output=30 fake:fail_after=5 fake:delay_ms=5")]))
            {
                delivered += update.ContentUpdate.Count(p => p.Text.Length > 0);
                finish ??= update.FinishReason;
            }
        }
        catch (Exception e) when (e is IOException or ClientResultException or System.Text.Json.JsonException)
        {
        }

        Assert.Null(finish);
        Assert.InRange(delivered, 1, 5);
        var capture = Assert.Single((await gateway.LedgerAsync(wallet)).Captures());
        Assert.Equal(delivered, capture.Attribution.OutputTokens);
        Assert.Equal(Price(new LlmUsage("gpt-4o-mini", InputTokens: capture.Attribution.InputTokens, OutputTokens: delivered)), capture.MoneyCharged());
        Assert.Empty((await gateway.WalletAsync(wallet)).Holds);
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_is_charged_what_the_drained_upstream_reports()
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var key = await gateway.WalletKeyAsync(wallet);
        var request = gateway.Post("v1/chat/completions",
            """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"long fake:output=40 fake:delay_ms=20"}]}""", key);

        using (var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            for (var events = 0; events < 3;)
                if ((await reader.ReadLineAsync())?.StartsWith("data:", StringComparison.Ordinal) == true) events++;
        } // gone after three events

        var capture = await Eventually(async () => (await gateway.LedgerAsync(wallet)).Captures().SingleOrDefault());
        Assert.Equal(40, capture.Attribution.OutputTokens); // the provider's own count, not the three the client saw, nor the worst case
        Assert.Equal(Price(new LlmUsage("gpt-4o-mini", InputTokens: capture.Attribution.InputTokens, OutputTokens: 40)), capture.MoneyCharged());
    }

    [Fact]
    public async Task An_upstream_that_does_not_answer_in_time_is_answered_504_and_charges_nothing()
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var chat = gateway.OpenAI(await gateway.WalletKeyAsync(wallet)).GetChatClient("gpt-4o-mini");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("wait fake:hang=1")]));

        Assert.Equal(504, error.Status);
        Assert.Equal(FundsNanos, (await gateway.WalletAsync(wallet)).UsdTotal());
        Assert.Empty((await gateway.WalletAsync(wallet)).Holds);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_is_never_charged_twice()
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var key = await gateway.WalletKeyAsync(wallet);
        HttpRequestMessage Call()
        {
            var request = gateway.Post("v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"once fake:output=4"}]}""", key);
            request.Headers.Add("Idempotency-Key", "call-once-1");
            return request;
        }

        using var first = await gateway.Http.SendAsync(Call());
        var afterFirst = (await gateway.WalletAsync(wallet)).UsdTotal();
        using var second = await gateway.Http.SendAsync(Call());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("idempotency_key_reused", await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.GetValues("X-Waterfall-Cost").Single(), second.Headers.GetValues("X-Waterfall-Cost").Single());
        Assert.Equal(afterFirst, (await gateway.WalletAsync(wallet)).UsdTotal());
        Assert.Single((await gateway.LedgerAsync(wallet)).Captures());

        using var lookup = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.HttpAddress, "v1/calls/call-once-1"));
        lookup.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var found = await gateway.Http.SendAsync(lookup);
        Assert.Contains("\"state\":\"settled\"", await found.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_retry_after_an_upstream_failure_is_served_under_the_same_key()
    {
        var wallet = await gateway.FundedWalletAsync(1m);
        var key = await gateway.WalletKeyAsync(wallet);
        HttpRequestMessage Call(string content)
        {
            var request = gateway.Post("v1/chat/completions", $$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{content}}"}]}""", key);
            request.Headers.Add("Idempotency-Key", "call-retry-1");
            return request;
        }

        using var failed = await gateway.Http.SendAsync(Call("fake:error=500"));
        using var served = await gateway.Http.SendAsync(Call("fake:output=3"));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Single((await gateway.LedgerAsync(wallet)).Captures());
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (await probe() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold in time.");
            await Task.Delay(50);
        }
    }
}

