using System.Text.Json;
using Waterfall.Client;
using Waterfall.Domain.Ledger;
using Waterfall.FrontDoor.Auth;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

/// <summary>The README's finance commands against the demo tenant, on the embedded store's file, after the silo ran.</summary>
public sealed class FinanceCommandTests : IDisposable
{
    private const string DemoKey = "wf_demo_admin_key";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-finance-{Guid.NewGuid():N}");

    [Fact]
    public async Task Export_journal_trial_balance_and_kpis_read_the_demo_tenants_books_from_the_store()
    {
        await using var silo = new SiloProcess(new Dictionary<string, string>
        {
            ["Waterfall:Store:Kind"] = "embedded",
            ["Waterfall:Store:Embedded:Path"] = Path.Combine(_directory, "ledger.db"),
            ["Waterfall:Demo:Enabled"] = "true",
            ["Waterfall:Tenants:demo:ApiKeys:0:Name"] = "demo-admin",
            ["Waterfall:Tenants:demo:ApiKeys:0:Sha256"] = TenantDirectory.Hash(DemoKey),
            ["Waterfall:Tenants:demo:ApiKeys:0:Scope"] = "Admin",
        });
        await silo.StartAsync();
        using (var client = new WaterfallClient(silo.GrpcAddress, DemoKey, new WaterfallClientOptions { MaxAttempts = 1 }))
        {
            await Eventually.UntilAsync(async () => await client.GetWalletAsync("demo-wallet").ContinueWith(t => t.IsCompletedSuccessfully && t.Result.Grants.Count > 0), funded => funded);
            await client.DebitAsync("demo-wallet", new Api.V1.Amount { Value = 20_000_000, Unit = "usd" }, idempotencyKey: "finance-command-1");
        }
        await silo.TerminateAsync();
        Assert.Equal(0, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var (from, to) = (DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd"));

        var journal = await silo.RunToExitAsync("export", "journal", "--tenant", "demo", "--from", from, "--to", to, "--format", "csv");
        var balance = await silo.RunToExitAsync("export", "trial-balance", "--tenant", "demo", "--from", from, "--to", to);
        var kpis = await silo.RunToExitAsync("export", "kpis", "--tenant", "demo", "--from", from, "--to", to);
        var wrong = await silo.RunToExitAsync("export", "kpis", "--tenant", "demo", "--from", from, "--to", to, "--top", "0");

        Assert.True(journal.ExitCode == 0, journal.Error);
        var lines = journal.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(JournalCsv.Header, lines[0]);
        Assert.Contains(lines, l => l.Contains(",finance-command-1,", StringComparison.Ordinal) && l.Contains(",promotional_usage,", StringComparison.Ordinal) && l.Contains(",0.020000000,", StringComparison.Ordinal)
            && l.Contains(",promotional,", StringComparison.Ordinal)); // the demo wallet's welcome credit is promotional: never revenue
        Assert.DoesNotContain(lines, l => l.Contains(",finance-command-1,", StringComparison.Ordinal) && l.Contains(",revenue,", StringComparison.Ordinal));
        Assert.True(balance.ExitCode == 0, balance.Error);
        var total = balance.Output.Split('\n').Single(l => l.StartsWith("total", StringComparison.Ordinal) && l.Contains("usd", StringComparison.Ordinal));
        Assert.EndsWith("0.000000000", total.TrimEnd());
        Assert.True(kpis.ExitCode == 0, kpis.Error);
        var report = JsonDocument.Parse(kpis.Output).RootElement;
        Assert.Contains(report.GetProperty("top_wallets").EnumerateArray(), w => w.GetProperty("name").GetString() == "demo-wallet" && w.GetProperty("spent").GetInt64() >= 20_000_000);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("--top", wrong.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
