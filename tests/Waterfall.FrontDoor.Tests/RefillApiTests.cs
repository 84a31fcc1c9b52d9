using Grpc.Core;
using Waterfall.Api.V1;
using Waterfall.Client;
using Waterfall.Grains.Tests;

namespace Waterfall.FrontDoor.Tests;

/// <summary>Auto-refill through the SDK over gRPC (docs/refill.md).</summary>
public class RefillApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private const long Usd = 1_000_000_000;

    private async Task<(WaterfallClient Client, string WalletId)> WalletWith(decimal usd)
    {
        var client = silo.Client();
        var walletId = $"w-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);
        await silo.Grains().StartSubscription("e2e", walletId);
        if (usd > 0) await client.GrantCreditsAsync(walletId, Amounts.Usd(usd));
        return (client, walletId);
    }

    private static int RefillGrants(Wallet wallet) => wallet.Grants.Count(g => g.Source.Kind == GrantSourceKind.Refill);

    [Fact]
    public async Task Auto_refill_under_50_concurrent_debits_crossing_the_threshold_makes_exactly_one_refill_and_the_cap_stops_the_next()
    {
        var (client, walletId) = await WalletWith(10m);
        using var _ = client;
        await client.SetFixedRefillAsync(walletId, threshold: 5 * Usd, amount: 20 * Usd, monthlyCap: 20 * Usd);

        // 50 x USD 0.20 = USD 10: the balance crosses USD 5 once, somewhere in the middle.
        var debits = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.DebitAsync(walletId, Amounts.Usd(0.2m), idempotencyKey: $"call-{i}")));
        var afterCrossing = await client.GetWalletAsync(walletId);

        Assert.Equal(50, debits.Length);
        Assert.Equal(1, RefillGrants(afterCrossing));
        Assert.Equal(1, afterCrossing.Refill.Refills);
        Assert.Equal(20 * Usd, afterCrossing.Refill.RefilledThisMonth);
        Assert.Equal(0, afterCrossing.Refill.CapLeft);
        Assert.Equal(20 * Usd, afterCrossing.Balances.Single(b => b.Unit == "usd").Available); // 10 - 10 + 20

        // Below the threshold again: the cap is used up, so no refill, and a debit past the balance is refused.
        await client.DebitAsync(walletId, Amounts.Usd(16m), idempotencyKey: "fall-again");
        var refused = await Assert.ThrowsAsync<WaterfallException>(() => client.DebitAsync(walletId, Amounts.Usd(5m), idempotencyKey: "too-much"));
        var end = await client.GetWalletAsync(walletId);
        var ledger = await client.ListLedgerAsync(walletId).ToListAsync();

        Assert.Equal("INSUFFICIENT_FUNDS", refused.Reason);
        Assert.Equal(1, RefillGrants(end));
        var refill = Assert.Single(ledger, t => t.Kind == "Refilled");
        Assert.Contains(refill.Postings, p => p.Account == "receivable" && p.Amount.Value == 20 * Usd);
        Assert.Equal(50 + 1, ledger.Count(t => t.Kind == "Debited"));
        Assert.Equal(4 * Usd, end.Balances.Single(b => b.Unit == "usd").Available);
    }

    [Fact]
    public async Task Debit_or_refill_a_wallet_at_zero_with_a_rule_serves_the_debit_in_one_call()
    {
        var (client, walletId) = await WalletWith(0m);
        using var _ = client;
        await client.SetTargetRefillAsync(walletId, threshold: 1 * Usd, target: 10 * Usd, monthlyCap: 100 * Usd);

        var debit = await client.DebitAsync(walletId, Amounts.Usd(3m), idempotencyKey: "at-zero");
        var wallet = await client.GetWalletAsync(walletId);

        Assert.Equal(3 * Usd, debit.Coverage.MoneyCost);
        Assert.Equal(0, debit.Coverage.Overage);
        var refill = wallet.Grants.Single(g => g.Source.Kind == GrantSourceKind.Refill);
        Assert.Equal(10 * Usd, refill.Amount.Value);
        Assert.Equal("purchased", refill.Kind);
        Assert.Equal(refill.GrantId, debit.Coverage.Draws.Single().GrantId);
        Assert.Equal(7 * Usd, wallet.Balances.Single(b => b.Unit == "usd").Available);
    }

    [Fact]
    public async Task Debit_or_refill_a_wallet_at_zero_without_a_rule_is_refused_with_insufficient_funds()
    {
        var (client, walletId) = await WalletWith(0m);
        using var _ = client;

        var error = await Assert.ThrowsAsync<WaterfallException>(() => client.DebitAsync(walletId, Amounts.Usd(3m), idempotencyKey: "at-zero"));
        var wallet = await client.GetWalletAsync(walletId);

        Assert.Equal("INSUFFICIENT_FUNDS", error.Reason);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Null(wallet.Refill);
        Assert.Empty(wallet.Grants);
    }

    [Fact]
    public async Task A_rule_is_set_replayed_validated_field_by_field_and_cleared()
    {
        var (client, walletId) = await WalletWith(0m);
        using var _ = client;
        var rule = new RefillRule { Threshold = Usd, Mode = RefillMode.Fixed, Amount = 2 * Usd, MonthlyCap = 10 * Usd, Funding = RefillFunding.Invoice };

        var set = await client.SetRefillRuleAsync(walletId, rule, "rule-1");
        var again = await client.SetRefillRuleAsync(walletId, rule, "rule-1");
        var invalid = await Assert.ThrowsAsync<WaterfallException>(() =>
            client.SetRefillRuleAsync(walletId, new RefillRule { Threshold = 5 * Usd, Mode = RefillMode.Target, Amount = 5 * Usd, MonthlyCap = 0 }));
        var noMode = await Assert.ThrowsAsync<WaterfallException>(() =>
            client.SetRefillRuleAsync(walletId, new RefillRule { Threshold = Usd, Amount = 2 * Usd, MonthlyCap = 10 * Usd }));
        var cleared = await client.ClearRefillRuleAsync(walletId);
        var clearedTwice = await Assert.ThrowsAsync<WaterfallException>(() => client.ClearRefillRuleAsync(walletId));

        Assert.True(set.Refill.Enabled);
        Assert.Equal(rule, set.Refill.Rule);
        Assert.True(again.Replayed);
        Assert.Equal(set.Sequence, again.Sequence);
        Assert.Equal("INVALID_ARGUMENT", invalid.Reason);
        Assert.Equal(["rule.amount", "rule.monthly_cap"], invalid.FieldViolations.Select(v => v.Field));
        Assert.Equal(["rule.mode"], noMode.FieldViolations.Select(v => v.Field));
        Assert.Null(cleared.Refill.Rule);
        Assert.Equal("REFILL_RULE_NOT_FOUND", clearedTwice.Reason);
        Assert.Equal(StatusCode.NotFound, clearedTwice.StatusCode);
    }

    [Fact]
    public async Task An_invoice_rule_on_a_wallet_no_subscription_bills_is_refused_failed_precondition_and_sets_no_rule()
    {
        using var client = silo.Client();
        var walletId = $"w-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);

        var error = await Assert.ThrowsAsync<WaterfallException>(() => client.SetFixedRefillAsync(walletId, threshold: Usd, amount: 2 * Usd, monthlyCap: 10 * Usd));
        var wallet = await client.GetWalletAsync(walletId);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("REFILL_NOT_BILLABLE", error.Reason);
        Assert.Null(wallet.Refill?.Rule);
    }

    [Fact]
    public async Task Only_an_admin_key_sets_a_refill_rule()
    {
        var (admin, walletId) = await WalletWith(0m);
        using var _ = admin;
        using var meter = silo.Client(SiloFixture.MeterKey);

        var error = await Assert.ThrowsAsync<WaterfallException>(() => meter.SetFixedRefillAsync(walletId, Usd, Usd, Usd));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
