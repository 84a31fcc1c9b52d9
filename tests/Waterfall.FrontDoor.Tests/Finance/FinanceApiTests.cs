using System.Net;
using System.Text.Json;
using Waterfall.Api.V1;
using Waterfall.Client;
using Waterfall.Domain.Ledger;
using Waterfall.FrontDoor.Tests.Http;

namespace Waterfall.FrontDoor.Tests.Finance;

/// <summary>Finance over HTTP and gRPC on the real host (embedded store): the journal, the trial balance, a statement, and who may read them.</summary>
public class FinanceApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    private static string Tomorrow => DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A wallet funded with USD 1 of purchased credit, then debited USD 0.25 and USD 0.05: three transactions with postings.</summary>
    private async Task<string> WalletWithHistoryAsync()
    {
        using var http = silo.Rest();
        var walletId = await http.FundedWalletAsync();
        var client = silo.Client();
        await client.DebitAsync(walletId, new Amount { Value = 250_000_000, Unit = "usd" }, idempotencyKey: $"{walletId}-d1");
        await client.DebitAsync(walletId, new Amount { Value = 50_000_000, Unit = "usd" }, idempotencyKey: $"{walletId}-d2");
        return walletId;
    }

    [Fact]
    public async Task A_csv_download_has_the_header_and_one_line_per_posting_with_a_read_key()
    {
        var walletId = await WalletWithHistoryAsync();
        using var http = silo.Rest(SiloFixture.ReadKey);

        using var response = await http.GetAsync($"/v1/finance/journal?from={Today}&to={Tomorrow}&format=csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(JournalCsv.Header, lines[0]);
        var mine = lines.Skip(1).Where(l => l.StartsWith($"{walletId}:", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, mine.Count); // the grant and two debits, two postings each
        Assert.Contains(mine, l => l.Contains($",{walletId}-d1,", StringComparison.Ordinal) && l.Contains(",0.250000000,", StringComparison.Ordinal));
        Assert.All(mine, l => Assert.Equal(JournalCsv.Header.Count(c => c == ','), l.Count(c => c == ',')));
    }

    [Fact]
    public async Task Json_lines_and_the_grpc_stream_list_the_same_postings_as_the_csv()
    {
        var walletId = await WalletWithHistoryAsync();
        using var http = silo.Rest(SiloFixture.ReadKey);

        var json = await http.GetStringAsync($"/v1/finance/journal?from={Today}&to={Tomorrow}&format=json");
        var fromJson = json.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("wallet_id").GetString() == walletId)
            .Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("account").GetString(), e.GetProperty("debit").GetInt64(), e.GetProperty("credit").GetInt64()))
            .ToList();
        var fromGrpc = new List<(long, string?, long, long)>();
        await foreach (var line in silo.Client(SiloFixture.ReadKey).ExportJournalAsync(Today, Tomorrow))
            if (line.WalletId == walletId) fromGrpc.Add((line.Seq, line.Account, line.Debit, line.Credit));

        Assert.Equal(6, fromJson.Count);
        Assert.Equal(fromJson, fromGrpc);
        Assert.Equal(fromJson.Sum(l => l.Item3), fromJson.Sum(l => l.Item4));
    }

    [Fact]
    public async Task Another_tenants_key_reads_none_of_this_tenants_books_and_no_key_is_refused()
    {
        var walletId = await WalletWithHistoryAsync();

        using var other = silo.Rest(SiloFixture.OtherTenantKey);
        var theirs = await other.GetStringAsync($"/v1/finance/journal?from={Today}&to={Tomorrow}&format=csv");
        using var statement = await other.GetAsync($"/v1/finance/wallets/{walletId}/statement?from={Today}&to={Tomorrow}");
        using var anonymous = silo.Rest(apiKey: null);
        using var refused = await anonymous.GetAsync($"/v1/finance/journal?from={Today}&to={Tomorrow}");
        using var wrongKey = silo.Rest("not-a-key");
        using var refusedToo = await wrongKey.GetAsync($"/v1/finance/trial-balance?from={Today}&to={Tomorrow}");

        Assert.DoesNotContain(walletId, theirs, StringComparison.Ordinal);
        Assert.Single(theirs.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)); // the header only
        Assert.Empty((await statement.Body()).GetProperty("lines").EnumerateArray());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("UNAUTHENTICATED", (await refused.Body()).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, refusedToo.StatusCode);
    }

    [Theory]
    [InlineData("from=yesterday&to=2026-02-01", "from")]
    [InlineData("to=2026-02-01", "from")]
    [InlineData("from=2026-02-01&to=2026-01-01", "to")]
    [InlineData("from=2026-01-01&to=2026-02-01&time_zone=Mars/Olympus", "time_zone")]
    [InlineData("from=2026-01-01&to=2026-02-01&format=xlsx", "format")]
    public async Task A_bad_period_or_format_gets_a_problem_document_naming_the_field(string query, string field)
    {
        using var http = silo.Rest(SiloFixture.ReadKey);

        using var response = await http.GetAsync($"/v1/finance/journal?{query}");
        var problem = await response.Body();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("INVALID_ARGUMENT", problem.GetProperty("reason").GetString());
        Assert.Contains(problem.GetProperty("violations").EnumerateArray(), v => v.GetProperty("field").GetString() == field);
    }

    [Fact]
    public async Task The_trial_balance_sums_to_zero_per_unit_and_shows_the_wallets_remaining_credit()
    {
        var walletId = await WalletWithHistoryAsync();
        using var http = silo.Rest(SiloFixture.ReadKey);

        var balance = await (await http.GetAsync($"/v1/finance/trial-balance?from={Today}&to={Tomorrow}&time_zone=UTC")).Body();
        var grpc = await silo.Client(SiloFixture.ReadKey).GetTrialBalanceAsync(Today, Tomorrow);

        Assert.All(balance.GetProperty("totals").EnumerateArray(), t => Assert.Equal(0, t.GetProperty("value").GetInt64()));
        var wallet = balance.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("account").GetString() == $"wallet:{walletId}:available");
        Assert.Equal(-700_000_000, wallet.GetProperty("closing").GetInt64()); // a liability: a credit balance of USD 0.70
        Assert.Equal(300_000_000, wallet.GetProperty("debits").GetInt64());
        Assert.All(grpc.Totals, t => Assert.Equal(0, t.Value));
        Assert.Contains(grpc.Lines, l => l.Account == $"wallet:{walletId}:available" && l.Closing == -700_000_000);
    }

    [Fact]
    public async Task A_statement_opens_closes_and_lists_what_each_transaction_changed()
    {
        var walletId = await WalletWithHistoryAsync();
        var client = silo.Client(SiloFixture.ReadKey);

        var statement = await client.GetWalletStatementAsync(walletId, Today, Tomorrow);
        var later = await client.GetWalletStatementAsync(walletId, Tomorrow, DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, statement.Opening.Single(a => a.Unit == "usd").Value);
        Assert.Equal(700_000_000, statement.Closing.Single(a => a.Unit == "usd").Value);
        Assert.Equal([1_000_000_000L, -250_000_000, -50_000_000], statement.Lines.SelectMany(l => l.Changes).Select(c => c.Value));
        Assert.Equal(700_000_000, later.Opening.Single().Value);
        Assert.Empty(later.Lines);
    }

    [Fact]
    public async Task Reconciliation_needs_an_admin_key_and_a_read_key_is_forbidden()
    {
        using var read = silo.Rest(SiloFixture.ReadKey);

        using var forbidden = await read.GetAsync("/v1/finance/reconciliation?from_block=0&to_block=10");
        var overGrpc = await Assert.ThrowsAsync<WaterfallException>(() => silo.Client(SiloFixture.ReadKey).ReconcileTopUpsAsync(0, 10));

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("PERMISSION_DENIED", (await forbidden.Body()).GetProperty("reason").GetString());
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, overGrpc.StatusCode);
    }

    [Fact]
    public async Task A_statement_of_a_malformed_wallet_id_is_invalid_over_grpc()
    {
        var error = await Assert.ThrowsAsync<WaterfallException>(() => silo.Client(SiloFixture.ReadKey).GetWalletStatementAsync("no spaces allowed", Today, Tomorrow));

        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
    }
}
