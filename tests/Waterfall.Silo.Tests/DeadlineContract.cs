using Google.Protobuf.WellKnownTypes;
using Waterfall.Api.V1;
using Waterfall.Client;
using Waterfall.FrontDoor.Auth;
using Waterfall.Ledger;
using Waterfall.TestSupport;
using D = Waterfall.Domain.Wallets;

namespace Waterfall.Silo.Tests;

/// <summary>
/// The month end of finance's worry, in real processes on a real store: a purchased grant expires on
/// Jan 31 at 23:59 UTC; the silo stops before that, and the next one starts on Feb 3 and nobody calls
/// the wallet. Its reminder wakes it, the expiry is posted dated Jan 31 23:59, and January's trial
/// balance (the silo's own command) holds the breakage. The processes' wallets decide on a clock
/// offset from the machine's (<c>Waterfall:Wallets:ClockOffset</c>); Orleans' reminders tick on real
/// time, every 5 seconds here (the default is Orleans' one-minute minimum).
/// </summary>
public abstract class DeadlineContract
{
    private const string Tenant = "deadlines";
    private const string ApiKey = "deadlines-admin-key";
    private static readonly DateTimeOffset ExpiresAt = new(2027, 1, 31, 23, 59, 0, TimeSpan.Zero);

    protected abstract Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync();

    protected abstract Task<IWalletJournal> OpenJournalAsync();

    [Fact]
    public async Task A_grant_expiring_on_Jan_31_at_23_59_on_a_wallet_untouched_until_Feb_3_lands_in_Januarys_breakage_after_a_restart()
    {
        var store = await StoreSettingsAsync();
        // Time enough to start, open and grant before the expiry, even on a busy 2-core CI box (a silo start there can take tens of seconds).
        await using var january = new SiloProcess(Settings(store, wallNow: ExpiresAt.AddSeconds(-90)));
        await january.StartAsync();
        using (var client = new WaterfallClient(january.GrpcAddress, ApiKey))
        {
            await client.CreateWalletAsync("idle", idempotencyKey: "open");
            await client.GrantCreditsAsync(new GrantCreditsRequest
            {
                WalletId = "idle", IdempotencyKey = "purchase", Kind = "purchased", Amount = Amounts.Usd(0.5m),
                ExpiresAt = Timestamp.FromDateTimeOffset(ExpiresAt),
            });
        }
        await january.StopAsync();
        var journal = await OpenJournalAsync();
        Assert.Empty((await journal.LoadAsync(new D.WalletKey(Tenant, "idle"))).Events.OfType<D.GrantExpired>());

        await using var february = new SiloProcess(Settings(store, wallNow: new DateTimeOffset(2027, 2, 3, 9, 0, 0, TimeSpan.Zero)));
        await february.StartAsync();

        // Nothing calls the wallet: the reminder activates it, and the wallet posts what fell due.
        var expired = await Eventually.UntilAsync(
            async () => (await journal.LoadAsync(new D.WalletKey(Tenant, "idle"))).Events.OfType<D.GrantExpired>().SingleOrDefault(),
            e => e is not null, TimeSpan.FromMinutes(2));
        await february.StopAsync();
        var (code, balance, error) = await february.RunToExitAsync("export", "trial-balance", "--tenant", Tenant, "--from", "2027-01-01", "--to", "2027-02-01");

        Assert.Equal(500_000_000, expired!.Amount.Value);
        Assert.Equal(ExpiresAt, expired.At);
        Assert.True(code == 0, error);
        var breakage = balance.Split('\n').Single(l => l.StartsWith("breakage ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["breakage", "usd", "0.000000000", "0.000000000", "0.500000000", "-0.500000000"], breakage);
        Console.WriteLine($"posted {expired} (seen on the machine at {DateTimeOffset.UtcNow:O})");
    }

    /// <summary>The store, the tenant, fast reminders, and wallets whose clock reads <paramref name="wallNow"/> now.</summary>
    private static Dictionary<string, string> Settings(IReadOnlyDictionary<string, string> store, DateTimeOffset wallNow) => new(store)
    {
        [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Name"] = "admin",
        [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Sha256"] = TenantDirectory.Hash(ApiKey),
        [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Scope"] = "Admin",
        ["Waterfall:Reminders:MinimumReminderPeriod"] = "00:00:05",
        ["Waterfall:Reminders:RefreshReminderListPeriod"] = "00:00:05",
        ["Waterfall:Wallets:ReminderPeriod"] = "00:00:05",
        ["Waterfall:Wallets:ClockOffset"] = (wallNow - DateTimeOffset.UtcNow).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };
}
