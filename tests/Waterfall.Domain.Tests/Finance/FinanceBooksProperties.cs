using CsCheck;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Finance;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Finance;

/// <summary>
/// Random histories of a few wallets of one tenant (grants of every kind and unit, with and without
/// expiry, debits, holds and captures, time passing); the tenant's trial balance of any period, and any
/// wallet's statement, must add up.
/// </summary>
public class FinanceBooksProperties
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly GrantKind[] Kinds = [GrantKind.Promotional, GrantKind.Bonus, GrantKind.Purchased];
    private static readonly CreditUnit[] Units = [CreditUnit.Usd, CreditUnit.Tokens];

    private abstract record Op(int Wallet);
    private sealed record GrantOp(int Wallet, int Kind, int Unit, long Amount, int? ExpiresInHours) : Op(Wallet);
    private sealed record DebitOp(int Wallet, int Unit, long Amount) : Op(Wallet);
    private sealed record HoldOp(int Wallet, long Amount, int CapturePercent) : Op(Wallet);
    private sealed record AdvanceOp(int Hours) : Op(0);

    private static readonly Gen<Op> AnyOp = Gen.Frequency(
        (3, Gen.Select(Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, 1], Gen.Long[1, 50_000], Gen.Int[0, 48].Select(h => h == 0 ? (int?)null : h),
            (w, k, u, a, e) => (Op)new GrantOp(w, k, u, a, e))),
        (4, Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1], Gen.Long[1, 20_000], (w, u, a) => (Op)new DebitOp(w, u, a))),
        (2, Gen.Select(Gen.Int[0, 2], Gen.Long[1, 20_000], Gen.Int[-1, 120], (w, a, p) => (Op)new HoldOp(w, a, p))),
        (2, Gen.Int[1, 30].Select(h => (Op)new AdvanceOp(h))));

    private static readonly Gen<(Op[] Ops, int[] Cuts)> Histories =
        Gen.Select(AnyOp.Array[1, 60], Gen.Int[0, 400].Array[3], (ops, cuts) => (ops, cuts));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_periods_trial_balance_sums_to_zero_per_unit_and_chains_into_the_next(bool postedByTenantBooks)
    {
        Histories.Sample(h =>
        {
            var transactions = RunWithWallets(h.Ops, postedByTenantBooks).Transactions;
            var cuts = h.Cuts.Order().Select(c => Start.AddHours(c)).Distinct().ToArray();
            PeriodTrialBalance? previous = null;
            for (var i = 0; i + 1 < cuts.Length; i++)
            {
                var balance = new PeriodTrialBalance(cuts[i], cuts[i + 1]);
                foreach (var t in transactions.Where(t => t.At < cuts[i + 1])) balance.Add(t);
                Assert.All(balance.Totals(), total => Assert.Equal(0, total.Value));
                foreach (var unit in balance.Rows().GroupBy(r => r.Unit))
                {
                    Assert.Equal(unit.Sum(r => r.Debits), unit.Sum(r => r.Credits));
                    Assert.Equal(0, unit.Sum(r => r.Opening));
                }
                // What one period closes with is what the next opens with.
                if (previous is not null)
                {
                    var closed = previous.Rows().ToDictionary(r => (r.Account, r.Unit), r => r.Closing);
                    foreach (var row in balance.Rows()) Assert.Equal(closed.GetValueOrDefault((row.Account, row.Unit)), row.Opening);
                }
                previous = balance;
            }
        }, iter: 300);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_statements_opening_plus_its_lines_is_its_closing_and_its_closing_is_what_the_wallet_holds(bool postedByTenantBooks)
    {
        Histories.Sample(h =>
        {
            var (transactions, wallets) = RunWithWallets(h.Ops, postedByTenantBooks);
            var cut = Start.AddHours(h.Cuts[0]);
            foreach (var wallet in wallets)
            {
                var statement = new WalletStatementBuilder(wallet.Key.WalletId, cut, DateTimeOffset.MaxValue);
                foreach (var t in transactions.Where(t => t.Wallet == wallet.Key)) statement.Add(t);
                var built = statement.Build();
                foreach (var closing in built.Closing)
                {
                    var opening = built.Opening.Single(o => o.Unit == closing.Unit).Value;
                    var changes = built.Lines.SelectMany(l => l.Changes).Where(c => c.Unit == closing.Unit).Sum(c => c.Value);
                    Assert.Equal(closing.Value, opening + changes);
                    // Available and held together is every grant's remainder: the statement and the wallet agree.
                    Assert.Equal(wallet.TotalRemaining(closing.Unit), closing.Value);
                }
            }
        }, iter: 300);
    }

    /// <summary>Runs the history; its events are posted as stored (v1 postings) or by <see cref="TenantBooks"/> (the current rules).</summary>
    private static (List<LedgerTransaction> Transactions, Wallet[] Wallets) RunWithWallets(Op[] ops, bool postedByTenantBooks)
    {
        var books = new TenantBooks();
        var now = Start;
        var keys = 0;
        string K() => $"k{++keys}";
        var wallets = Enumerable.Range(0, 3).Select(i => new Wallet(new WalletKey("t1", $"w{i}"))).ToArray();
        var transactions = new List<LedgerTransaction>();
        void Take(Wallet wallet, IEnumerable<WalletEvent> events) =>
            transactions.AddRange(events.Select(e => postedByTenantBooks ? books.Post(wallet.Key, e) : e.ToLedgerTransaction(wallet.Key)));
        foreach (var wallet in wallets) Take(wallet, wallet.Open(new OpenWallet(K(), WalletSettings.Default), now).Events);

        foreach (var op in ops)
        {
            foreach (var wallet in wallets) Take(wallet, wallet.Tick(now));
            var w = wallets[op.Wallet];
            switch (op)
            {
                case GrantOp g:
                    var kind = Kinds[g.Kind];
                    var terms = new GrantTerms(kind, new Amount(g.Amount, Units[g.Unit]), 10 + g.Kind * 10, null, g.ExpiresInHours is { } e ? now.AddHours(e) : null,
                        GrantScope.Any, GrantSource.Operator, kind.IsPaid ? 1m : 0m);
                    Take(w, w.GrantCredits(new GrantCredits(K(), terms), now).Events);
                    break;
                case DebitOp d:
                    Take(w, w.Debit(new DebitWallet(K(), new AmountCharge(new Amount(d.Amount, Units[d.Unit]), default)), now).Events);
                    break;
                case HoldOp hold:
                    var held = w.Authorize(new AuthorizeHold(K(), new AmountCharge(Amount.Usd(hold.Amount), default), TimeSpan.FromHours(2)), now);
                    Take(w, held.Events);
                    if (held.IsAccepted && hold.CapturePercent >= 0)
                        Take(w, w.Capture(new CaptureHold(K(), held.Receipt!.Hold, new AmountCharge(Amount.Usd(hold.Amount * hold.CapturePercent / 100), default)), now).Events);
                    break;
                case AdvanceOp a:
                    now = now.AddHours(a.Hours);
                    break;
            }
        }
        now = now.AddDays(3);
        foreach (var wallet in wallets) Take(wallet, wallet.Tick(now));
        transactions.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Wallet.WalletId != b.Wallet.WalletId
            ? string.CompareOrdinal(a.Wallet.WalletId, b.Wallet.WalletId) : a.Sequence.CompareTo(b.Sequence));
        Assert.All(transactions, t => Assert.True(t.IsBalanced));
        return (transactions, wallets);
    }
}
