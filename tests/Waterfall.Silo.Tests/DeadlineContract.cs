using Google.Protobuf.WellKnownTypes;
using Waterfall.Api.V1;
using Waterfall.Client;
using Waterfall.FrontDoor.Auth;
using Waterfall.Ledger;
using Waterfall.TestSupport;
using D = Waterfall.Domain.Wallets;

namespace Waterfall.Silo.Tests;

/// <summary>
/// A grant that expires while the silo is down is posted by the wallet's reminder after the restart,
/// with no call to the wallet, dated at the expiry. A separate silo process decides on the real clock,
/// so the grant expires a few seconds after it is granted; the reminders tick every 5 seconds here
/// (the default is Orleans' one-minute minimum), so the test waits seconds, not minutes.
/// </summary>
public abstract class DeadlineContract
{
    private const string Tenant = "deadlines";
    private const string ApiKey = "deadlines-admin-key";

    protected abstract Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync();

    protected abstract Task<IWalletJournal> OpenJournalAsync();

    [Fact]
    public async Task A_grant_expiring_while_the_silo_is_down_is_posted_by_its_reminder_after_the_restart_dated_at_the_expiry()
    {
        var settings = new Dictionary<string, string>(await StoreSettingsAsync())
        {
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Name"] = "admin",
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Sha256"] = TenantDirectory.Hash(ApiKey),
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Scope"] = "Admin",
            ["Waterfall:Reminders:MinimumReminderPeriod"] = "00:00:05",
            ["Waterfall:Reminders:RefreshReminderListPeriod"] = "00:00:05",
            ["Waterfall:Wallets:ReminderPeriod"] = "00:00:05",
        };
        await using var silo = new SiloProcess(settings);
        await silo.StartAsync();

        var now = DateTimeOffset.UtcNow;
        var expiresAt = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(15); // time enough to grant and stop first, on a busy box
        using (var client = new WaterfallClient(silo.GrpcAddress, ApiKey))
        {
            await client.CreateWalletAsync("idle", idempotencyKey: "open");
            await client.GrantCreditsAsync(new GrantCreditsRequest
            {
                WalletId = "idle", IdempotencyKey = "promo", Kind = "promotional", Amount = Amounts.Usd(0.5m),
                ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt),
            });
        }
        await silo.StopAsync();

        await Eventually.UntilAsync(() => DateTimeOffset.UtcNow > expiresAt.AddSeconds(1), "the grant has expired while the silo is down", TimeSpan.FromSeconds(30));
        var journal = await OpenJournalAsync();
        Assert.Empty((await journal.LoadAsync(new D.WalletKey(Tenant, "idle"))).Events.OfType<D.GrantExpired>());

        await silo.StartAsync();

        // Nothing calls the wallet: the reminder activates it, and the wallet posts what fell due.
        var expired = await Eventually.UntilAsync(
            async () => (await journal.LoadAsync(new D.WalletKey(Tenant, "idle"))).Events.OfType<D.GrantExpired>().SingleOrDefault(),
            e => e is not null, TimeSpan.FromMinutes(2));
        Assert.Equal(500_000_000, expired!.Amount.Value);
        Assert.Equal(expiresAt, expired.At);
        Console.WriteLine($"posted {expired} (expired at {expiresAt:O}, seen at {DateTimeOffset.UtcNow:O})");
        await silo.StopAsync();
    }
}
