using CsCheck;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Money;
using Waterfall.Domain.Policy;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

/// <summary>
/// Random sequences of grants (scoped to a model or not), debits, holds, growths, captures
/// (of the hold's model or another), voids, extensions, expiries and replays; after every step
/// the ledger and the wallet must agree.
/// </summary>
public class WalletInvariantProperties
{
    private abstract record Op;
    private sealed record GrantOp(int Kind, int Unit, long Amount, int? ExpiresInMinutes) : Op;
    private sealed record DebitOp(int Unit, long Amount) : Op;
    private sealed record UsageOp(long Input, long Output) : Op;
    private sealed record AuthorizeOp(long Amount, int TtlMinutes) : Op;
    private sealed record CaptureOp(int Hold, int Percent) : Op;
    private sealed record VoidOp(int Hold) : Op;
    private sealed record ExtendOp(int Hold, int TtlMinutes) : Op;
    private sealed record AdvanceOp(int Minutes) : Op;
    private sealed record ReplayOp(int Index) : Op;
    private sealed record TopUpOp(long Amount) : Op;
    private sealed record SettleTopUpOp(int Index, bool Fails) : Op;
    private sealed record ScopedGrantOp(long Amount, int Model) : Op;
    private sealed record ModelAuthorizeOp(long Amount, int Model, int TtlMinutes) : Op;
    private sealed record GrowOp(int Hold, long Amount, int? TtlMinutes, bool OtherModel) : Op;
    private sealed record ModelCaptureOp(int Hold, int Percent, int Model) : Op;

    private static readonly string?[] Models = [null, "gpt-4o", "claude-sonnet-4"];

    private static readonly GrantKind[] Kinds = [GrantKind.Promotional, GrantKind.Bonus, GrantKind.Purchased];
    private static readonly CreditUnit[] Units = [CreditUnit.Usd, CreditUnit.Tokens];

    private static readonly Gen<Op> AnyOp = Gen.Frequency(
        (3, Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1], Gen.Long[1, 20_000], Gen.Int[0, 30].Select(m => m == 0 ? (int?)null : m),
            (k, u, a, e) => (Op)new GrantOp(k, u, a, e))),
        (4, Gen.Select(Gen.Int[0, 1], Gen.Long[1, 8_000], (u, a) => (Op)new DebitOp(u, a))),
        (3, Gen.Select(Gen.Long[0, 3_000], Gen.Long[1, 3_000], (i, o) => (Op)new UsageOp(i, o))),
        (3, Gen.Select(Gen.Long[1, 8_000], Gen.Int[1, 20], (a, t) => (Op)new AuthorizeOp(a, t))),
        (3, Gen.Select(Gen.Int[0, 9], Gen.Int[0, 120], (h, p) => (Op)new CaptureOp(h, p))),
        (1, Gen.Int[0, 9].Select(h => (Op)new VoidOp(h))),
        (1, Gen.Select(Gen.Int[0, 9], Gen.Int[1, 20], (h, t) => (Op)new ExtendOp(h, t))),
        (2, Gen.Int[1, 15].Select(m => (Op)new AdvanceOp(m))),
        (2, Gen.Int[0, 1_000].Select(i => (Op)new ReplayOp(i))),
        (2, Gen.Long[1, 20_000].Select(a => (Op)new TopUpOp(a))),
        (2, Gen.Select(Gen.Int[0, 9], Gen.Bool, (i, f) => (Op)new SettleTopUpOp(i, f))),
        (2, Gen.Select(Gen.Long[1, 20_000], Gen.Int[1, 2], (a, m) => (Op)new ScopedGrantOp(a, m))),
        (2, Gen.Select(Gen.Long[1, 8_000], Gen.Int[0, 2], Gen.Int[1, 20], (a, m, t) => (Op)new ModelAuthorizeOp(a, m, t))),
        (4, Gen.Select(Gen.Int[0, 9], Gen.Long[1, 6_000], Gen.Int[0, 20].Select(m => m == 0 ? (int?)null : m), Gen.Int[0, 9].Select(i => i == 0),
            (h, a, t, o) => (Op)new GrowOp(h, a, t, o))),
        (2, Gen.Select(Gen.Int[0, 9], Gen.Int[0, 120], Gen.Int[0, 2], (h, p, m) => (Op)new ModelCaptureOp(h, p, m))));

    private static readonly Gen<(BillingMode Mode, Op[] Ops)> Scenario =
        Gen.Select(Gen.Int[0, 2].Select(m => (BillingMode)m), AnyOp.Array[1, 80], (m, ops) => (m, ops));

    [Fact]
    public void Ledger_and_wallet_agree_after_every_operation()
    {
        Scenario.Sample(scenario => Run(scenario.Mode, scenario.Ops), iter: 400);
    }

    private static void Run(BillingMode mode, Op[] ops)
    {
        var settings = new WalletSettings(new BillingTerms(mode, mode == BillingMode.Hybrid ? 5_000 : 0), SpendPolicy.Unlimited);
        var kit = new WalletTestKit(settings);
        var accepted = new List<(WalletCommand Command, Receipt Receipt)>();

        foreach (var op in ops)
        {
            kit.Tick();
            var before = kit.Wallet.Sequence;
            var (command, outcomeReceipt, outcomeEvents, refused) = Execute(kit, op, accepted);
            if (refused) Assert.Equal(before, kit.Wallet.Sequence); // a refusal changes nothing
            if (command is not null && outcomeReceipt is not null && outcomeEvents > 0) accepted.Add((command, outcomeReceipt));
            CheckInvariants(kit, mode);
        }
        CheckReplayRebuildsTheSameWallet(kit);
    }

    private static (WalletCommand? Command, Receipt? Receipt, int Events, bool Refused) Execute(
        WalletTestKit kit, Op op, List<(WalletCommand Command, Receipt Receipt)> accepted)
    {
        var w = kit.Wallet;
        var now = kit.Now;
        HoldId? Hold(int i) => w.Holds.Count == 0 ? new HoldId("h0") : w.Holds.ElementAt(i % w.Holds.Count).Id;
        switch (op)
        {
            case GrantOp g:
                var terms = WalletTestKit.Terms(Kinds[g.Kind], g.Amount, Units[g.Unit],
                    g.ExpiresInMinutes is { } m ? now.AddMinutes(m) : null);
                return Run(kit, new GrantCredits(kit.NextKey(), terms), c => w.GrantCredits(c, now));
            case DebitOp d:
                return Run(kit, new DebitWallet(kit.NextKey(), new AmountCharge(new Amount(d.Amount, Units[d.Unit]), default)), c => w.Debit(c, now));
            case UsageOp u:
                return Run(kit, new DebitWallet(kit.NextKey(), WalletTestKit.Usage("m", u.Input, 0.0000013m, u.Output, 0.0000071m)), c => w.Debit(c, now));
            case AuthorizeOp a:
                return Run(kit, new AuthorizeHold(kit.NextKey(), WalletTestKit.UsdCharge(a.Amount), TimeSpan.FromMinutes(a.TtlMinutes)), c => w.Authorize(c, now));
            case CaptureOp c:
                var hold = Hold(c.Hold)!.Value;
                var reserved = w.FindHold(hold)?.Reserved.MoneyCost ?? 100;
                return Run(kit, new CaptureHold(kit.NextKey(), hold, WalletTestKit.UsdCharge(Math.Max(1, reserved * c.Percent / 100))), x => w.Capture(x, now));
            case VoidOp v:
                return Run(kit, new VoidHold(kit.NextKey(), Hold(v.Hold)!.Value), x => w.Void(x, now));
            case ExtendOp e:
                return Run(kit, new ExtendHold(kit.NextKey(), Hold(e.Hold)!.Value, TimeSpan.FromMinutes(e.TtlMinutes)), x => w.Extend(x, now));
            case ScopedGrantOp g:
                var scoped = WalletTestKit.Terms(GrantKind.Promotional, g.Amount, scope: new GrantScope([], [Models[g.Model]!], []));
                return Run(kit, new GrantCredits(kit.NextKey(), scoped), c => w.GrantCredits(c, now));
            case ModelAuthorizeOp a:
                return Run(kit, new AuthorizeHold(kit.NextKey(), WalletTestKit.UsdCharge(a.Amount, Models[a.Model]), TimeSpan.FromMinutes(a.TtlMinutes)), c => w.Authorize(c, now));
            case GrowOp g:
                var toGrow = Hold(g.Hold)!.Value;
                var heldModel = w.FindHold(toGrow)?.Estimate.Context.Model;
                var model = g.OtherModel ? (heldModel == "gpt-4o" ? "claude-sonnet-4" : "gpt-4o") : heldModel;
                var ttl = g.TtlMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
                var growOutcome = Run(kit, new GrowHold(kit.NextKey(), toGrow, WalletTestKit.UsdCharge(g.Amount, model), ttl), x => w.Grow(x, now));
                if (g.OtherModel) Assert.True(growOutcome.Item4, "a hold grows only for its own model");
                return growOutcome;
            case ModelCaptureOp c:
                var captured = Hold(c.Hold)!.Value;
                var reservedMoney = w.FindHold(captured)?.Reserved.MoneyCost ?? 100;
                return Run(kit, new CaptureHold(kit.NextKey(), captured, WalletTestKit.UsdCharge(Math.Max(1, reservedMoney * c.Percent / 100), Models[c.Model])), x => w.Capture(x, now));
            case TopUpOp t:
                var paid = WalletTestKit.Terms(GrantKind.Purchased, t.Amount) with { Source = new GrantSource(GrantSourceKind.X402Payment, kit.NextKey()) };
                return Run(kit, new GrantCredits(kit.NextKey(), paid, new Domain.Ledger.Attribution(Payer: "0xp", Network: "eip155:1")), c => w.CreditTopUp(c, now));
            case SettleTopUpOp t when w.PendingTopUps.Count > 0:
                var pending = w.PendingTopUps.ElementAt(t.Index % w.PendingTopUps.Count);
                return t.Fails
                    ? Run(kit, new ReverseTopUp(kit.NextKey(), pending.Grant, "failed on chain"), c => w.ReverseTopUp(c, now))
                    : Run(kit, new ConfirmTopUp(kit.NextKey(), pending.Grant, "0x" + new string('a', 64)), c => w.ConfirmTopUp(c, now));
            case AdvanceOp t:
                kit.Now = now.AddMinutes(t.Minutes);
                return (null, null, 0, false);
            case ReplayOp r when accepted.Count > 0:
                var (command, first) = accepted[r.Index % accepted.Count];
                var sequence = w.Sequence;
                var again = Replay(w, command, now);
                // A replay answers the first receipt (unless its key has been forgotten, which this window doesn't do) and changes nothing.
                Assert.Equal(first, again);
                Assert.Equal(sequence, w.Sequence);
                return (null, null, 0, false);
            default:
                return (null, null, 0, false);
        }
    }

    private static (WalletCommand?, Receipt?, int, bool) Run<TCommand, TReceipt>(WalletTestKit kit, TCommand command, Func<TCommand, Outcome<TReceipt>> handle)
        where TCommand : WalletCommand where TReceipt : Receipt
    {
        var outcome = kit.Record(handle(command));
        if (outcome.IsAccepted) Assert.Single(outcome.Events);
        return (command, outcome.Receipt, outcome.Events.Count, !outcome.IsAccepted);
    }

    private static Receipt? Replay(Wallet w, WalletCommand command, DateTimeOffset now) => command switch
    {
        GrantCredits c when c.Terms.Source.AwaitsSettlement => w.CreditTopUp(c, now).Receipt,
        GrantCredits c => w.GrantCredits(c, now).Receipt,
        ConfirmTopUp c => w.ConfirmTopUp(c, now).Receipt,
        ReverseTopUp c => w.ReverseTopUp(c, now).Receipt,
        DebitWallet c => w.Debit(c, now).Receipt,
        AuthorizeHold c => w.Authorize(c, now).Receipt,
        GrowHold c => w.Grow(c, now).Receipt,
        CaptureHold c => w.Capture(c, now).Receipt,
        VoidHold c => w.Void(c, now).Receipt,
        ExtendHold c => w.Extend(c, now).Receipt,
        _ => throw new InvalidOperationException(),
    };

    private static void CheckInvariants(WalletTestKit kit, BillingMode mode)
    {
        var ledger = kit.Ledger.ToList();
        Assert.All(ledger, t => Assert.True(t.IsBalanced, $"transaction {t.Sequence} ({t.Kind}) does not balance"));
        Assert.Equal(Enumerable.Range(1, ledger.Count).Select(i => (long)i), ledger.Select(t => t.Sequence));
        foreach (var unit in Units)
        {
            // The wallet's balance is both the sum of its postings and the sum of its grants' remainders.
            Assert.Equal(kit.WalletLiability(unit), kit.Wallet.TotalRemaining(unit));
            Assert.True(kit.WalletLiability(unit) >= 0, "a wallet never owes credit");
        }
        foreach (var grant in kit.Wallet.Grants)
        {
            Assert.True(grant.Held >= 0, $"grant {grant.Id} held {grant.Held}");
            Assert.True(grant.Remaining >= grant.Held, $"grant {grant.Id} remaining {grant.Remaining} < held {grant.Held}");
        }
        // Every hold's reservations are backed by exactly what the grants say is held.
        foreach (var unit in Units)
            Assert.Equal(kit.Wallet.Holds.SelectMany(h => h.Reserved.Draws).Where(d => d.Unit == unit).Sum(d => d.Amount), kit.Wallet.TotalHeld(unit));
        if (mode == BillingMode.Prepaid)
            Assert.Equal(0, kit.Wallet.AccruedOverage); // PREPAID never overdraws
        // Cash pending settlement is exactly the top-ups still awaiting the chain.
        var pendingCash = kit.Ledger.SelectMany(t => t.Postings).Where(p => p.Account == Domain.Ledger.LedgerAccount.SettlementPending).Sum(p => p.Amount);
        Assert.Equal(kit.Wallet.PendingTopUps.Sum(p => p.Amount.Value), pendingCash);
        if (mode == BillingMode.Hybrid)
            Assert.True(kit.Wallet.AccruedOverage + kit.Wallet.OverageReservedByHolds() <= 5_000);
    }

    private static void CheckReplayRebuildsTheSameWallet(WalletTestKit kit)
    {
        var rebuilt = new Wallet(kit.Wallet.Key);
        foreach (var e in kit.Journal) rebuilt.Apply(e);
        AssertSameState(kit.Wallet, rebuilt);

        // Recovery from a snapshot taken half-way, then the rest of the journal, lands in the same state.
        var half = kit.Journal.Count / 2;
        var early = new Wallet(kit.Wallet.Key);
        foreach (var e in kit.Journal.Take(half)) early.Apply(e);
        var restored = Wallet.Restore(kit.Wallet.Key, early.ToSnapshot());
        foreach (var e in kit.Journal.Skip(half)) restored.Apply(e);
        AssertSameState(kit.Wallet, restored);
    }

    private static void AssertSameState(Wallet expected, Wallet actual)
    {
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.AccruedOverage, actual.AccruedOverage);
        Assert.Equal(expected.Settings, actual.Settings);
        Assert.Equal((expected.Spend.Day, expected.Spend.SpentToday, expected.Spend.SpentThisMonth), (actual.Spend.Day, actual.Spend.SpentToday, actual.Spend.SpentThisMonth));
        Assert.Equal(
            expected.Grants.Select(g => (g.Id, g.Remaining, g.Held)),
            actual.Grants.Select(g => (g.Id, g.Remaining, g.Held)));
        Assert.Equal(
            expected.Holds.Select(h => (h.Id, h.ExpiresAt, h.Reserved)).OrderBy(h => h.Id.Value),
            actual.Holds.Select(h => (h.Id, h.ExpiresAt, h.Reserved)).OrderBy(h => h.Id.Value));
        Assert.Equal(
            expected.Idempotency.Records.Select(r => (r.Operation, r.Key, r.Fingerprint, r.Receipt)),
            actual.Idempotency.Records.Select(r => (r.Operation, r.Key, r.Fingerprint, r.Receipt)));
        Assert.Equal(expected.PendingTopUps.OrderBy(p => p.Grant.Value), actual.PendingTopUps.OrderBy(p => p.Grant.Value));
        Assert.Equal(expected.Grants.Select(g => g.IsRevoked), actual.Grants.Select(g => g.IsRevoked));
    }
}
