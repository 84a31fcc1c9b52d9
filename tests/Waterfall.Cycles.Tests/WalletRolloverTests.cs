using Waterfall.Domain.Billing;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger.Serialization;

namespace Waterfall.Cycles.Tests;

public class WalletRolloverTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Boundary = Start.AddMonths(1);

    [Fact]
    public void A_rollover_at_the_boundary_carries_at_most_the_cap_and_leaves_the_rest_as_breakage()
    {
        var journal = new WalletJournal(BillingMode.Hybrid, 100 * CyclePlans.Usd, Start);
        var bonus = journal.GrantTokens("bonus", 100_000, Start, Boundary);
        journal.Call(30_000, 0.00005m, Start.AddDays(2));
        journal.Tick(Boundary);

        var rolled = journal.Accept(journal.Wallet.RollOver(new RollOverGrant("roll", bonus, 50_000, Boundary.AddMonths(1)), Boundary));

        Assert.Equal(70_000, rolled.Remainder);
        Assert.Equal(50_000, rolled.Carried);
        var carry = Assert.Single(journal.Wallet.Grants);
        Assert.Equal(rolled.Carry, carry.Id);
        Assert.Equal(50_000, carry.Remaining);
        Assert.Equal(Boundary.AddMonths(1), carry.ExpiresAt);
        Assert.Equal(GrantKind.Bonus, carry.Kind);
        var books = WalletBooks.Post(journal.Wallet.Key, journal.Events).ToList();
        Assert.All(books, t => Assert.True(t.IsBalanced));
        // Bonus credit given away: it expired as unused promotion (70,000), of which the rollover took back 50,000.
        Assert.Equal(20_000, -books.SelectMany(t => t.Postings).Where(p => p.Account == LedgerAccount.UnusedPromotion).Sum(p => p.Amount));
    }

    [Fact]
    public void Rolling_the_same_grant_again_under_another_key_carries_only_what_is_left_of_its_expiry()
    {
        var journal = new WalletJournal(BillingMode.Hybrid, CyclePlans.Usd, Start);
        var bonus = journal.GrantTokens("bonus", 10_000, Start, Boundary);
        journal.Tick(Boundary);
        journal.Accept(journal.Wallet.RollOver(new RollOverGrant("roll-1", bonus, 8_000, Boundary.AddMonths(1)), Boundary));

        var again = journal.Accept(journal.Wallet.RollOver(new RollOverGrant("roll-2", bonus, 8_000, Boundary.AddMonths(1)), Boundary));
        var replay = journal.Wallet.RollOver(new RollOverGrant("roll-1", bonus, 8_000, Boundary.AddMonths(1)), Boundary);

        Assert.Equal(2_000, again.Remainder);
        Assert.Equal(2_000, again.Carried);
        Assert.True(replay.IsReplay);
        Assert.Equal(10_000, journal.Wallet.TotalRemaining(CreditUnit.Tokens));
    }

    [Fact]
    public void A_grant_that_has_not_expired_cannot_roll_over()
    {
        var journal = new WalletJournal(BillingMode.Hybrid, CyclePlans.Usd, Start);
        var bonus = journal.GrantTokens("bonus", 10_000, Start, Boundary);

        var refused = journal.Wallet.RollOver(new RollOverGrant("roll", bonus, 8_000, Boundary.AddMonths(1)), Boundary.AddDays(-1));

        Assert.Equal(Domain.Reasons.InvalidArgument, refused.Refusal?.Reason);
        Assert.Empty(refused.Events);
    }

    [Fact]
    public void Posting_an_invoice_takes_the_invoiced_overage_off_the_accrual_and_books_the_difference_as_receivable()
    {
        var journal = new WalletJournal(BillingMode.Hybrid, 100 * CyclePlans.Usd, Start);
        journal.Call(200_000, 0.00005m, Start.AddDays(2)); // USD 10 overage
        journal.Call(100_000, 0.00005m, Boundary.AddDays(1)); // USD 5 in the next period, not invoiced

        var posted = journal.Accept(journal.Wallet.PostInvoice(new PostInvoice("inv", "c.s1.p1", 12 * CyclePlans.Usd, 0, 10 * CyclePlans.Usd, false), Boundary.AddDays(1)));

        Assert.Equal(5 * CyclePlans.Usd, posted.AccruedOverage);
        Assert.Equal(5 * CyclePlans.Usd, journal.Wallet.AccruedOverage);
        var receivable = WalletBooks.Post(journal.Wallet.Key, journal.Events).SelectMany(t => t.Postings)
            .Where(p => p.Account == LedgerAccount.Receivable).Sum(p => p.Amount);
        Assert.Equal(12 * CyclePlans.Usd + 5 * CyclePlans.Usd, receivable);
    }

    [Fact]
    public void Rollover_and_invoice_events_survive_the_stored_form_and_a_snapshot()
    {
        var journal = new WalletJournal(BillingMode.Hybrid, 100 * CyclePlans.Usd, Start);
        var bonus = journal.GrantTokens("bonus", 10_000, Start, Boundary);
        journal.Tick(Boundary);
        journal.Accept(journal.Wallet.RollOver(new RollOverGrant("roll", bonus, 4_000, Boundary.AddMonths(1)), Boundary));
        journal.Accept(journal.Wallet.PostInvoice(new PostInvoice("inv", "c.s1.p1", 0, 0, 0, false), Boundary));

        var replayed = new Wallet(journal.Wallet.Key);
        foreach (var e in journal.Events) replayed.Apply(LedgerJson.DeserializeEvent(LedgerJson.Serialize(e)));
        var restored = Wallet.Restore(journal.Wallet.Key, LedgerJson.DeserializeSnapshot(LedgerJson.Serialize(replayed.ToSnapshot())));

        Assert.Equal(journal.Wallet.TotalRemaining(CreditUnit.Tokens), replayed.TotalRemaining(CreditUnit.Tokens));
        // What the source expired and what already rolled survive the snapshot: only the rest is left to roll.
        var again = restored.RollOver(new RollOverGrant("roll-again", bonus, 0, Boundary.AddMonths(1)), Boundary);
        Assert.Equal(0, again.Receipt!.Carried);
        Assert.Equal(6_000, again.Receipt.Remainder);
    }
}
