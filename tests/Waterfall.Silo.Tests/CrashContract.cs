using Waterfall.Client;
using Waterfall.FrontDoor.Auth;
using Waterfall.Ledger;

namespace Waterfall.Silo.Tests;

/// <summary>
/// SIGKILL in the middle of 50-concurrent load, restart, and audit: every acknowledged debit is in
/// the journal exactly once, nothing is applied twice, no PREPAID wallet overdrew, postings balance.
/// Each store's test class supplies the silo settings and a way to read the journal afterwards.
/// </summary>
public abstract class CrashContract
{
    protected const string Tenant = "crash";
    protected const string ApiKey = "crash-admin-key";
    private const long Price = 1_000_000;

    protected abstract Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync();

    protected abstract Task<IWalletJournal> OpenJournalAsync();

    [Fact]
    public async Task A_silo_killed_under_load_loses_no_acknowledged_debit_and_applies_none_twice()
    {
        var settings = new Dictionary<string, string>(await StoreSettingsAsync())
        {
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Name"] = "admin",
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Sha256"] = TenantDirectory.Hash(ApiKey),
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Scope"] = "Admin",
        };
        await using var silo = new SiloProcess(settings);
        await silo.StartAsync();
        var wallets = Enumerable.Range(0, 5).Select(i => $"crash-w{i}").ToList();
        using (var admin = new WaterfallClient(silo.GrpcAddress, ApiKey))
        {
            foreach (var wallet in wallets)
            {
                await admin.CreateWalletAsync(wallet, idempotencyKey: $"open-{wallet}");
                await admin.GrantCreditsAsync(wallet, Amounts.Nanos(300 * Price), idempotencyKey: $"fund-{wallet}");
            }
        }

        // 50 agents x 40 calls over 5 wallets funded for 300 calls each: some calls are refused.
        var load = new LoadUnderCrash(silo.GrpcAddress, ApiKey, wallets, agents: 50, callsPerAgent: 40, Price);
        var running = load.RunAsync(TimeSpan.FromSeconds(120));
        while (load.Accepted.Count < 300 && !running.IsCompleted) await Task.Delay(10);
        silo.Kill();
        var acknowledgedBeforeCrash = load.Accepted.Count;
        await silo.StartAsync();
        await running;
        await silo.StopAsync();

        Assert.True(acknowledgedBeforeCrash >= 300, "the crash did not happen under load");
        Assert.True(load.Retries > 0, "no call ever saw the crash");
        Assert.Equal(50 * 40, load.Accepted.Count + load.Refused.Count);
        Assert.All(load.Refused.Values, reason => Assert.Equal("INSUFFICIENT_FUNDS", reason));

        await LedgerAudit.AssertEveryAcknowledgedDebitOnceAsync(await OpenJournalAsync(), Tenant, wallets, load.Accepted, 300 * Price, Price);
    }
}
