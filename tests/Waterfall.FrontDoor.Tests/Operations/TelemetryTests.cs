using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Waterfall.Client;
using Waterfall.TestSupport;

namespace Waterfall.FrontDoor.Tests.Operations;

public class TelemetryTests(ObservedSiloFixture silo) : IClassFixture<ObservedSiloFixture>
{
    [Fact]
    public async Task One_trace_spans_the_grpc_call_the_grain_and_the_journal_write()
    {
        var client = silo.Client();
        var walletId = $"traced-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(walletId, Amounts.Usd(1m));

        // Other fixtures' silos share this process and its activity sources: our debit is the one under this test's own root.
        using var tests = new ActivitySource("Waterfall.FrontDoor.Tests");
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source == tests,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        ActivityTraceId traceId;
        using (var root = tests.StartActivity("debit under test")!)
        {
            traceId = root.TraceId;
            await client.DebitAsync(walletId, Amounts.Usd(0.01m), idempotencyKey: "traced-debit");
        }

        // The batch's write span is a child of its first caller's append and linked to every other caller's: ours
        // is one or the other, whoever else's entries shared the batch. Spans are recorded when they stop, and the
        // server's request span stops after the response has reached the client: wait for it too.
        var (trace, write) = await Eventually.UntilAsync(() => Task.FromResult(DebitTraceAndWrite(silo.SpansSoFar(), traceId)),
            found => found.Write is not null && found.Trace.Exists(IsServerRequest));
        Assert.Contains(trace, IsServerRequest);
        Assert.Contains(trace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        var append = Assert.Single(trace, s => s.OperationName == "journal.append");
        Assert.True(write!.ParentSpanId == append.SpanId || write.Links.Any(l => l.Context.SpanId == append.SpanId),
            "the journal write is neither a child of the debit's append nor linked to it");
    }

    private static bool IsServerRequest(Activity span) => span.Source.Name == "Microsoft.AspNetCore" && span.Kind == ActivityKind.Server;

    private static (List<Activity> Trace, Activity? Write) DebitTraceAndWrite(Activity[] spans, ActivityTraceId traceId)
    {
        List<Activity> trace = [.. spans.Where(s => s.TraceId == traceId)];
        var append = trace.FirstOrDefault(s => s.OperationName == "journal.append");
        var write = append is null ? null : spans.FirstOrDefault(s => s.OperationName == "journal.write"
            && (s.ParentSpanId == append.SpanId || s.Links.Any(l => l.Context.SpanId == append.SpanId)));
        return (trace, write);
    }

    [Fact]
    public async Task A_debug_run_through_create_grant_debit_and_wallet_keys_never_logs_a_key_a_secret_or_the_database_password()
    {
        var client = silo.Client();
        var walletId = $"quiet-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(walletId, Amounts.Usd(1m));
        await client.DebitAsync(walletId, Amounts.Usd(0.01m), idempotencyKey: "quiet-debit");
        await silo.Client(SiloFixture.MeterKey).DebitAsync(walletId, Amounts.Usd(0.01m), idempotencyKey: "quiet-debit-2");
        var key = await client.CreateWalletKeyAsync(walletId, name: "quiet");
        using var http = new HttpClient { BaseAddress = silo.HttpAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", SiloFixture.AdminKey);
        using var created = await http.PostAsJsonAsync($"/v1/wallets/{walletId}/keys", new { name = "over http" });
        var httpSecret = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
        await http.GetAsync($"/v1/wallets/{walletId}/keys");
        await Assert.ThrowsAsync<WaterfallException>(() => silo.Client("wf_wrong_key_9c1e").GetWalletAsync(walletId));

        var logs = silo.Logs.Lines.Select(l => l.Text).Concat(silo.Logs.Scopes).ToList();

        Assert.True(logs.Count > 100, $"expected a Debug run to log plenty; it logged {logs.Count} lines");
        foreach (var secret in new[] { SiloFixture.AdminKey, SiloFixture.MeterKey, "wf_wrong_key_9c1e", key.Secret, httpSecret, ObservedSiloFixture.PostgresPassword })
            Assert.DoesNotContain(logs, line => line.Contains(secret, StringComparison.Ordinal));
    }
}
