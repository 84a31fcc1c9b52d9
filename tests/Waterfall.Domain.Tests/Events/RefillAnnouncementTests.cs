using System.Text.Json;
using Waterfall.Domain.Events;
using Waterfall.Domain.Refills;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Events;

public class RefillAnnouncementTests
{
    private const long Usd = 1_000_000_000;

    [Fact]
    public void A_refill_announces_refill_succeeded_with_its_grant_and_amount_in_the_same_change_as_the_debit()
    {
        var kit = new AnnouncingKit(threshold: null);
        kit.Step(k => k.Subscribe());
        kit.Step(k => k.Record(k.Wallet.SetRefillRule(new SetRefillRule(k.NextKey(), new RefillRule(Usd, RefillMode.Fixed, 5 * Usd, 50 * Usd)), k.Now)));

        var announced = kit.Step(k => k.Debit(2 * Usd));

        var refill = Assert.Single(announced, a => a.Type == EventTypes.RefillSucceeded);
        using var payload = JsonDocument.Parse(refill.Payload);
        Assert.Equal("5000000000", payload.RootElement.GetProperty("amount").GetProperty("value").GetString());
        Assert.Equal("invoice", payload.RootElement.GetProperty("funding").GetString());
        Assert.True(payload.RootElement.GetProperty("covers_charge").GetBoolean());
        Assert.Equal(GrantIdOf(kit), payload.RootElement.GetProperty("grant_id").GetString());
    }

    [Fact]
    public void A_rule_disabled_for_a_failed_refill_announces_refill_failed_with_the_reason()
    {
        var kit = new AnnouncingKit(threshold: null);
        kit.Step(k => k.Subscribe());
        kit.Step(k => k.Record(k.Wallet.SetRefillRule(new SetRefillRule(k.NextKey(), new RefillRule(Usd, RefillMode.Fixed, 5 * Usd, 50 * Usd)), k.Now)));

        var announced = kit.Step(k => k.Record(k.Wallet.DisableRefillRule(new DisableRefillRule(k.NextKey(), "invoice INV-3 unpaid"), k.Now)));

        var failed = Assert.Single(announced);
        Assert.Equal(EventTypes.RefillFailed, failed.Type);
        using var payload = JsonDocument.Parse(failed.Payload);
        Assert.Equal("invoice INV-3 unpaid", payload.RootElement.GetProperty("reason").GetString());
    }

    private static string GrantIdOf(AnnouncingKit kit) => kit.Kit.Journal.OfType<Refilled>().Single().Grant.Value;
}
