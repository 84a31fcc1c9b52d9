using System.Text.Json;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Events;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Events;

public class CycleAnnouncementTests
{
    private static readonly PeriodSpan February = new(2, new(2027, 2, 1, 0, 0, 0, TimeSpan.Zero), new(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Posting_an_issued_invoice_announces_invoice_issued_with_its_number_amount_and_period()
    {
        var kit = new AnnouncingKit(threshold: null);
        var announced = kit.Step(k => k.Record(k.Wallet.PostInvoice(new PostInvoice("s1:p2:invoice", "c.s1.p2", 14_500_000_000, 0, 12_500_000_000, Void: false, 0, "INV-000002", February), k.Now)));

        var issued = Assert.Single(announced);
        Assert.Equal(EventTypes.InvoiceIssued, issued.Type);
        using var payload = JsonDocument.Parse(issued.Payload);
        Assert.Equal("INV-000002", payload.RootElement.GetProperty("number").GetString());
        Assert.Equal("14.5", payload.RootElement.GetProperty("amount_due").GetProperty("usd").GetString());
        Assert.Equal(2, payload.RootElement.GetProperty("period").GetProperty("number").GetInt32());
    }

    [Fact]
    public void Voiding_an_invoice_announces_no_invoice_issued()
    {
        var kit = new AnnouncingKit(threshold: null);
        kit.Step(k => k.Record(k.Wallet.PostInvoice(new PostInvoice("s1:p2:invoice", "c.s1.p2", 5, 0, 0, Void: false, 0, "INV-000002", February), k.Now)));

        Assert.Empty(kit.Step(k => k.Record(k.Wallet.PostInvoice(new PostInvoice("s1:p2:void", "c.s1.p2", 5, 0, 0, Void: true, 0, "INV-000002", February), k.Now))));
    }

    [Fact]
    public void Recording_a_renewal_announces_subscription_renewed_once_even_when_repeated()
    {
        var kit = new AnnouncingKit(threshold: null);
        var renewal = new RecordRenewal("s1:p1:renewed", "s1", "pro", 2, February, "c.s1.p1");
        var first = kit.Step(k => k.Record(k.Wallet.RecordRenewal(renewal, k.Now)));
        var again = kit.Step(k => k.Record(k.Wallet.RecordRenewal(renewal, k.Now)));

        var renewed = Assert.Single(first);
        Assert.Equal(EventTypes.SubscriptionRenewed, renewed.Type);
        Assert.Empty(again);
        using var payload = JsonDocument.Parse(renewed.Payload);
        Assert.Equal(("s1", 2, "c.s1.p1"), (payload.RootElement.GetProperty("subscription_id").GetString(),
            payload.RootElement.GetProperty("plan_version").GetInt32(), payload.RootElement.GetProperty("closed_invoice_id").GetString()));
        Assert.Empty(kit.Kit.Journal.OfType<SubscriptionRenewed>().Single().Postings("w1"));
    }
}
