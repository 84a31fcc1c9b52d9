using System.Text.Json;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger.Serialization;

namespace Waterfall.Ledger.Tests;

public class LedgerJsonTests
{
    [Fact]
    public void Every_event_kind_survives_a_round_trip_unchanged()
    {
        var scenario = new Scenario().EveryEventKind();
        var kinds = scenario.Entries.Select(e => e.Event.GetType().Name).ToHashSet();

        foreach (var entry in scenario.Entries)
        {
            var json = LedgerJson.Serialize(entry.Event);
            var back = LedgerJson.DeserializeEvent(json);
            Assert.Equal(entry.Event.GetType(), back.GetType());
            Assert.Equal(json, LedgerJson.Serialize(back));
            Assert.Equal(entry.Event.Postings("w1"), back.Postings("w1"));
        }
        Assert.Equal(14, kinds.Count); // all fourteen event kinds were exercised
    }

    [Fact]
    public void Replaying_deserialized_events_rebuilds_the_same_wallet()
    {
        var scenario = new Scenario().EveryEventKind();

        var rebuilt = new Wallet(scenario.Key);
        foreach (var entry in scenario.Entries) rebuilt.Apply(LedgerJson.DeserializeEvent(LedgerJson.Serialize(entry.Event)));

        Assert.Equal(LedgerJson.Serialize(scenario.Wallet.ToSnapshot()), LedgerJson.Serialize(rebuilt.ToSnapshot()));
    }

    [Fact]
    public void A_snapshot_survives_a_round_trip_with_its_receipts_and_exact_decimals()
    {
        var scenario = new Scenario().EveryEventKind();
        var snapshot = scenario.Wallet.ToSnapshot();

        var json = LedgerJson.Serialize(snapshot);
        var restored = Wallet.Restore(scenario.Key, LedgerJson.DeserializeSnapshot(json));

        Assert.Equal(json, LedgerJson.Serialize(restored.ToSnapshot()));
        Assert.Contains("\"exactCost\":0.005375", json, StringComparison.Ordinal); // 200 uncovered input x 0.0000025 + 300 x 0.00000125 + 450 x 0.00001
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_json_names_types_and_enums_by_stable_names_not_clr_names_or_numbers()
    {
        var scenario = new Scenario().EveryEventKind();
        using var opened = JsonDocument.Parse(LedgerJson.Serialize(scenario.Entries[0].Event));
        using var debit = JsonDocument.Parse(LedgerJson.Serialize(scenario.Entries[4].Event));

        Assert.Equal("opened", opened.RootElement.GetProperty("type").GetString());
        Assert.Equal("Hybrid", opened.RootElement.GetProperty("settings").GetProperty("billing").GetProperty("mode").GetString());
        Assert.Equal("usage", debit.RootElement.GetProperty("charge").GetProperty("type").GetString());
        Assert.False(debit.RootElement.TryGetProperty("kind", out _)); // computed, not stored
    }

    [Fact]
    public void A_debit_keeps_the_pricing_version_that_rated_it_and_entries_written_before_versions_read_without_one()
    {
        var scenario = new Scenario().EveryEventKind();
        var debit = (Debited)scenario.Entries[4].Event;
        var usage = (Domain.Charges.UsageCharge)debit.Charge;
        var versioned = debit with { Charge = usage with { Usage = usage.Usage with { PricingVersion = 3 } } };

        var back = (Debited)LedgerJson.DeserializeEvent(LedgerJson.Serialize(versioned));
        var old = (Debited)LedgerJson.DeserializeEvent(LedgerJson.Serialize(debit));

        Assert.Equal(3, ((Domain.Charges.UsageCharge)back.Charge).Usage.PricingVersion);
        Assert.Null(((Domain.Charges.UsageCharge)old.Charge).Usage.PricingVersion);
        Assert.DoesNotContain("pricingVersion", LedgerJson.Serialize(debit), StringComparison.Ordinal);
    }

    [Fact]
    public void A_hold_growth_and_its_receipt_are_stored_under_stable_names()
    {
        var scenario = new Scenario().EveryEventKind();
        var entry = scenario.Entries.Single(e => e.Event is HoldGrown);

        using var grown = JsonDocument.Parse(LedgerJson.Serialize(entry.Event));
        var receiptJson = LedgerJson.Serialize(entry.Receipt!);
        using var receipt = JsonDocument.Parse(receiptJson);

        Assert.Equal("grown", grown.RootElement.GetProperty("type").GetString());
        Assert.Equal("usage", grown.RootElement.GetProperty("additional").GetProperty("type").GetString());
        Assert.True(grown.RootElement.GetProperty("added").GetProperty("draws").GetArrayLength() > 0);
        Assert.Equal("grow", receipt.RootElement.GetProperty("type").GetString());
        var back = Assert.IsType<GrowReceipt>(LedgerJson.DeserializeReceipt(receiptJson));
        Assert.Equal(entry.Receipt, back);
    }
}
