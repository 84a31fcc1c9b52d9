using System.Text.Json;
using Waterfall.Contracts.Billing;
using Waterfall.Domain.Events;
using Waterfall.Ledger;
using D = Waterfall.Domain.Wallets;

namespace Waterfall.Cycles.Tests;

/// <summary>The cycle's events (docs/events.md), read from the ledger's outbox: each one names the journal entry it was written with.</summary>
public class CycleEventTests(CycleFixture waterfall) : IClassFixture<CycleFixture>
{
    private const long Usd = CyclePlans.Usd;
    private static readonly DateTimeOffset January = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Each_boundary_announces_its_invoice_and_the_renewal_with_the_postings_that_made_them()
    {
        waterfall.Clock.Set(January);
        var sub = await Subscriber.SubscribeAsync(waterfall.Client, CyclePlans.HybridTiered());
        waterfall.Clock.Set(January.AddDays(2));
        await sub.Call(100_000);
        await sub.Cost(5 * Usd); // USD 5 uncovered at 1.20: invoice 1 is USD 6
        waterfall.Clock.Set(January.AddMonths(2).AddHours(1));
        await sub.Cycle.CatchUp();
        await sub.Cycle.CatchUp();

        var announced = await Announced(sub);
        var journal = (await waterfall.Cluster.Journal.LoadAsync(new D.WalletKey(sub.Tenant, sub.WalletId))).Events;
        Assert.Equal([EventTypes.InvoiceIssued, EventTypes.SubscriptionRenewed, EventTypes.InvoiceIssued, EventTypes.SubscriptionRenewed],
            announced.Select(a => a.Type));
        Assert.All(announced, a => Assert.Equal("cust", a.CustomerId));
        // No event without its posting: each names the journal entry it was written with.
        Assert.Equal([typeof(D.InvoicePosted), typeof(D.SubscriptionRenewed), typeof(D.InvoicePosted), typeof(D.SubscriptionRenewed)],
            announced.Select(a => journal.Single(e => e.Sequence == a.Sequence).GetType()));

        var invoice = Data(announced[0]);
        Assert.Equal("INV-000001", invoice.GetProperty("number").GetString());
        Assert.Equal("6", invoice.GetProperty("amount_due").GetProperty("usd").GetString());
        Assert.Equal((1, January, January.AddMonths(1)), Period(invoice));
        var renewed = Data(announced[1]);
        Assert.Equal((sub.SubscriptionId, "plan", 1), (renewed.GetProperty("subscription_id").GetString(), renewed.GetProperty("plan_id").GetString(), renewed.GetProperty("plan_version").GetInt32()));
        Assert.Equal((2, January.AddMonths(1), January.AddMonths(2)), Period(renewed));
        Assert.Equal(invoice.GetProperty("invoice_id").GetString(), renewed.GetProperty("closed_invoice_id").GetString());
        Assert.Equal((3, January.AddMonths(2), January.AddMonths(3)), Period(Data(announced[3])));
    }

    [Fact]
    public async Task The_boundary_a_subscription_ends_at_announces_its_last_invoice_and_no_renewal()
    {
        waterfall.Clock.Set(January);
        var sub = await Subscriber.SubscribeAsync(waterfall.Client, CyclePlans.HybridTiered());
        Assert.True((await sub.Customer.Cancel(new CancelSubscription(sub.SubscriptionId, AtPeriodEnd: true))).IsAccepted);
        waterfall.Clock.Set(January.AddMonths(1).AddHours(1));
        await sub.Cycle.CatchUp();

        Assert.Equal([EventTypes.InvoiceIssued], (await Announced(sub)).Select(a => a.Type));
    }

    private async Task<Announcement[]> Announced(Subscriber sub)
    {
        var outbox = (IEventOutbox)waterfall.Cluster.Journal;
        var records = await outbox.ReadAsync(sub.Tenant, 0, 1000);
        return [.. records.Select(r => r.Event).Where(a => a.Type is EventTypes.InvoiceIssued or EventTypes.SubscriptionRenewed)];
    }

    private static JsonElement Data(Announcement a) => JsonDocument.Parse(a.Payload).RootElement;

    private static (int, DateTimeOffset, DateTimeOffset) Period(JsonElement data)
    {
        var period = data.GetProperty("period");
        return (period.GetProperty("number").GetInt32(), period.GetProperty("start").GetDateTimeOffset(), period.GetProperty("end").GetDateTimeOffset());
    }
}
