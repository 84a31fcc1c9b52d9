using Waterfall.Domain.Billing;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Policy;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

public class GrowHoldTests
{
    private const string Model = "gpt-4o";

    private static AmountCharge Charge(long nanos, string? model = Model, string? provider = null) =>
        new(Amount.Usd(nanos), new ChargeContext(null, model, provider));

    [Fact]
    public void Growing_a_hold_reserves_more_in_burn_order_and_merges_draws_on_the_same_grant()
    {
        var kit = new WalletTestKit();
        var purchased = kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(Charge(300)).Receipt!;
        var promotional = kit.Grant(GrantKind.Promotional, 200); // arrives mid-stream, burns first

        var grown = kit.Grow(hold.Hold, 400, Model).Receipt!;

        Assert.Equal([new Draw(promotional, CreditUnit.Usd, 200), new Draw(purchased, CreditUnit.Usd, 200)], grown.Added.Draws);
        Assert.Equal([new Draw(promotional, CreditUnit.Usd, 200), new Draw(purchased, CreditUnit.Usd, 500)], grown.Reserved.Draws);
        Assert.Equal(700, grown.Reserved.MoneyCost);
        Assert.Equal(grown.Reserved, kit.Wallet.FindHold(hold.Hold)!.Reserved);
        Assert.Equal(500, kit.Wallet.Available(CreditUnit.Usd, kit.Now));
        Assert.Equal(700, kit.Wallet.TotalHeld(CreditUnit.Usd));
    }

    [Fact]
    public void Growth_moves_each_added_draw_from_available_to_held_under_the_hold_and_balances()
    {
        var kit = new WalletTestKit();
        var purchased = kit.Grant(GrantKind.Purchased, 1_000);
        var bonus = kit.Grant(GrantKind.Bonus, 100);
        var hold = kit.Authorize(Charge(50)).Receipt!;

        kit.Grow(hold.Hold, 250, Model);

        var transaction = kit.Journal[^1].ToLedgerTransaction(kit.Wallet.Key);
        Assert.Equal(TransactionKind.HoldGrown, transaction.Kind);
        Assert.True(transaction.IsBalanced);
        Assert.Equal(
            [(LedgerAccount.Available("w1"), 50L, bonus), (LedgerAccount.HeldBy("w1"), -50L, bonus),
             (LedgerAccount.Available("w1"), 200L, purchased), (LedgerAccount.HeldBy("w1"), -200L, purchased)],
            transaction.Postings.Select(p => (p.Account, p.Amount, p.Grant!.Value)));
        Assert.All(transaction.Postings, p => Assert.Equal(hold.Hold, p.Hold));
        Assert.Equal(Model, transaction.Attribution.Model);
    }

    [Fact]
    public void Capture_after_growth_covers_the_actual_from_every_reserved_draw_and_releases_the_rest()
    {
        var kit = new WalletTestKit();
        var purchased = kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(Charge(300)).Receipt!;
        var promotional = kit.Grant(GrantKind.Promotional, 200);
        kit.Grow(hold.Hold, 400, Model);

        var capture = kit.Capture(hold.Hold, Charge(600)).Receipt!;

        Assert.Equal([new Draw(promotional, CreditUnit.Usd, 200), new Draw(purchased, CreditUnit.Usd, 400)], capture.Captured.Draws);
        Assert.Equal([new Draw(purchased, CreditUnit.Usd, 100)], capture.Released);
        Assert.Equal(600, kit.Wallet.Available(CreditUnit.Usd, kit.Now));
        Assert.Equal(0, kit.Wallet.TotalHeld(CreditUnit.Usd));
        Assert.Empty(kit.Wallet.Holds);
    }

    [Fact]
    public void A_usage_hold_grows_with_more_output_of_the_same_call()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000_000_000);
        var hold = kit.Authorize(WalletTestKit.Usage(Model, 1_000, 0.0000025m, 256, 0.00001m)).Receipt!;

        var grown = kit.Grow(hold.Hold, WalletTestKit.Usage(Model, 0, 0.0000025m, 512, 0.00001m)).Receipt!;
        var capture = kit.Capture(hold.Hold, WalletTestKit.Usage(Model, 1_000, 0.0000025m, 700, 0.00001m)).Receipt!;

        Assert.Equal(2_500_000 + 2_560_000, hold.Reserved.MoneyCost);
        Assert.Equal(5_120_000, grown.Added.MoneyCost);
        Assert.Equal(2_500_000 + 7_680_000, grown.Reserved.MoneyCost);
        Assert.Equal(2_500_000 + 7_000_000, capture.Captured.MoneyCost);
        Assert.Equal(680_000, capture.Released.Sum(d => d.Amount));
    }

    [Fact]
    public void A_ttl_keeps_the_hold_open_longer_but_never_shortens_it()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(Charge(100), TimeSpan.FromMinutes(5)).Receipt!;

        var without = kit.Grow(hold.Hold, 10, Model).Receipt!;
        var shorter = kit.Grow(hold.Hold, 10, Model, TimeSpan.FromMinutes(1)).Receipt!;
        kit.Now = kit.Now.AddMinutes(4);
        var longer = kit.Grow(hold.Hold, 10, Model, TimeSpan.FromMinutes(5)).Receipt!;

        Assert.Equal(hold.ExpiresAt, without.ExpiresAt);
        Assert.Equal(hold.ExpiresAt, shorter.ExpiresAt);
        Assert.Equal(kit.Now.AddMinutes(5), longer.ExpiresAt);
        Assert.Equal(longer.ExpiresAt, kit.Wallet.FindHold(hold.Hold)!.ExpiresAt);
    }

    [Fact]
    public void Growth_that_the_grants_cannot_cover_in_full_is_refused_and_changes_nothing()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(Charge(700)).Receipt!;
        var before = kit.Wallet.Sequence;

        var outcome = kit.Grow(hold.Hold, 301, Model);

        Assert.Equal(Reasons.InsufficientFunds, outcome.Refusal?.Reason);
        Assert.Equal("1", outcome.Refusal!.Metadata["shortfall"]);
        Assert.Equal("usd", outcome.Refusal.Metadata["unit"]);
        Assert.Equal("PREPAID", outcome.Refusal.Metadata["billing_mode"]);
        Assert.Empty(outcome.Events);
        Assert.Equal(before, kit.Wallet.Sequence);
        Assert.Equal(700, kit.Wallet.TotalHeld(CreditUnit.Usd));
        Assert.Equal(hold.Reserved, kit.Wallet.FindHold(hold.Hold)!.Reserved);
    }

    [Fact]
    public void Growth_draws_only_on_grants_whose_scope_covers_the_additional_charge()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Promotional, 1_000, scope: new GrantScope([], ["claude-sonnet-4"], []));
        var purchased = kit.Grant(GrantKind.Purchased, 300);
        var hold = kit.Authorize(Charge(100)).Receipt!;

        Assert.Equal(Reasons.InsufficientFunds, kit.Grow(hold.Hold, 201, Model).Refusal?.Reason);
        var grown = kit.Grow(hold.Hold, 200, Model).Receipt!;

        Assert.Equal([new Draw(purchased, CreditUnit.Usd, 200)], grown.Added.Draws);
    }

    [Fact]
    public void Hybrid_growth_reserves_overage_within_the_headroom_left()
    {
        var kit = new WalletTestKit(WalletTestKit.Settings(BillingMode.Hybrid, overageLimit: 500));
        kit.Grant(GrantKind.Purchased, 100);
        var hold = kit.Authorize(Charge(400)).Receipt!; // 100 drawn, 300 overage

        Assert.Equal(Reasons.InsufficientFunds, kit.Grow(hold.Hold, 201, Model).Refusal?.Reason);
        var grown = kit.Grow(hold.Hold, 200, Model).Receipt!;

        Assert.Equal(200, grown.Added.Overage);
        Assert.Equal(500, grown.Reserved.Overage);
        Assert.Equal(500, kit.Wallet.OverageReservedByHolds());
    }

    [Fact]
    public void A_missing_or_expired_hold_cannot_grow()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(Charge(100), TimeSpan.FromSeconds(30)).Receipt!;

        Assert.Equal(Reasons.HoldNotFound, kit.Grow(new HoldId("h999"), 10, Model).Refusal?.Reason);
        kit.Now = kit.Now.AddSeconds(30);
        var expired = kit.Grow(hold.Hold, 10, Model);

        Assert.Equal(Reasons.HoldNotFound, expired.Refusal?.Reason);
        Assert.Equal(hold.Hold.Value, expired.Refusal!.Metadata["hold_id"]);
    }

    [Fact]
    public void Growing_with_another_model_or_provider_than_the_hold_is_refused_as_invalid()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(Charge(100, Model, "openai")).Receipt!;

        var otherModel = kit.Grow(hold.Hold, Charge(10, "gpt-4o-mini", "openai"));
        var otherProvider = kit.Grow(hold.Hold, Charge(10, Model, "azure"));

        Assert.Equal(Reasons.InvalidArgument, otherModel.Refusal?.Reason);
        Assert.Equal(["additional.model"], otherModel.Refusal!.Violations.Select(v => v.Field));
        Assert.Equal(Reasons.InvalidArgument, otherProvider.Refusal?.Reason);
        Assert.Equal(["additional.provider"], otherProvider.Refusal!.Violations.Select(v => v.Field));
        Assert.Equal(100, kit.Wallet.TotalHeld(CreditUnit.Usd));
    }

    [Fact]
    public void Malformed_growth_is_refused_with_field_violations()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(Charge(100)).Receipt!;

        var zero = kit.Grow(hold.Hold, Charge(0));
        var badTtl = kit.Grow(hold.Hold, Charge(10), TimeSpan.FromDays(8));
        var noHold = kit.Grow(new HoldId(""), Charge(10));

        Assert.Contains(zero.Refusal!.Violations, v => v.Field == "additional.amount.value");
        Assert.Contains(badTtl.Refusal!.Violations, v => v.Field == "ttl");
        Assert.Contains(noHold.Refusal!.Violations, v => v.Field == "hold_id");
    }

    [Fact]
    public void A_model_the_policy_no_longer_allows_cannot_grow()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(Charge(100)).Receipt!;
        kit.Record(kit.Wallet.ChangeSettings(new ChangeSettings(kit.NextKey(), WalletTestKit.Settings(policy: new SpendPolicy(AllowedModels: ["gpt-4o-mini"]))), kit.Now));

        Assert.Equal(Reasons.ModelNotAllowed, kit.Grow(hold.Hold, 10, Model).Refusal?.Reason);
    }

    [Fact]
    public void The_per_request_cap_applies_to_the_whole_reservation_after_growing()
    {
        var kit = new WalletTestKit(WalletTestKit.Settings(policy: new SpendPolicy(PerRequestCap: 500)));
        kit.Grant(GrantKind.Purchased, 10_000);
        var hold = kit.Authorize(Charge(400)).Receipt!;

        var over = kit.Grow(hold.Hold, 101, Model);

        Assert.Equal(Reasons.SpendCapExceeded, over.Refusal?.Reason);
        Assert.Equal("501", over.Refusal!.Metadata["charge"]);
        Assert.True(kit.Grow(hold.Hold, 100, Model).IsAccepted);
    }

    [Fact]
    public void Budgets_count_what_growth_adds_on_top_of_spend_and_open_holds()
    {
        var kit = new WalletTestKit(WalletTestKit.Settings(policy: new SpendPolicy(DailyBudget: 1_000)));
        kit.Grant(GrantKind.Purchased, 10_000);
        kit.Debit(300);
        var hold = kit.Authorize(Charge(400)).Receipt!;

        Assert.Equal(Reasons.BudgetExceeded, kit.Grow(hold.Hold, 301, Model).Refusal?.Reason);
        Assert.True(kit.Grow(hold.Hold, 300, Model).IsAccepted);
    }

    [Fact]
    public void A_repeated_growth_returns_the_first_receipt_and_reserves_nothing_more()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(Charge(100)).Receipt!;
        var first = kit.Grow(hold.Hold, 200, Model, key: "chunk-1");

        var again = kit.Grow(hold.Hold, 200, Model, key: "chunk-1");

        Assert.True(again.IsReplay);
        Assert.Equal(first.Receipt, again.Receipt);
        Assert.Empty(again.Events);
        Assert.Equal(300, kit.Wallet.TotalHeld(CreditUnit.Usd));
    }

    [Fact]
    public void The_same_growth_key_with_different_content_is_refused()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(Charge(100)).Receipt!;
        kit.Grow(hold.Hold, 200, Model, key: "chunk-1");

        var reused = kit.Grow(hold.Hold, 201, Model, key: "chunk-1");
        var otherTtl = kit.Grow(hold.Hold, 200, Model, TimeSpan.FromMinutes(1), key: "chunk-1");

        Assert.Equal(Reasons.IdempotencyKeyReused, reused.Refusal?.Reason);
        Assert.Equal(Reasons.IdempotencyKeyReused, otherTtl.Refusal?.Reason);
        Assert.Equal(300, kit.Wallet.TotalHeld(CreditUnit.Usd));
    }

    [Fact]
    public void Replaying_the_journal_or_restoring_a_snapshot_rebuilds_a_grown_hold()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Purchased, 1_000);
        var hold = kit.Authorize(Charge(100)).Receipt!;
        kit.Grant(GrantKind.Promotional, 50);
        kit.Grow(hold.Hold, 200, Model, TimeSpan.FromMinutes(30));

        var replayed = new Wallet(kit.Wallet.Key);
        foreach (var e in kit.Journal) replayed.Apply(e);
        var restored = Wallet.Restore(kit.Wallet.Key, kit.Wallet.ToSnapshot());

        foreach (var rebuilt in new[] { replayed, restored })
        {
            var h = rebuilt.FindHold(hold.Hold)!;
            Assert.Equal(kit.Wallet.FindHold(hold.Hold)!.Reserved, h.Reserved);
            Assert.Equal(kit.Wallet.FindHold(hold.Hold)!.ExpiresAt, h.ExpiresAt);
            Assert.Equal(300, rebuilt.TotalHeld(CreditUnit.Usd));
        }
    }
}
