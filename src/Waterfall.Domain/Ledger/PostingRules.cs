using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Ledger;

/// <summary>
/// The posting rules: how each wallet event becomes postings. The stored journal (the events) is
/// the truth and postings are derived from it, so every entry ever stored reads under any version:
/// <list type="bullet">
/// <item><see cref="V1"/> — <see cref="WalletEvent.Postings"/>: every burn to revenue, every expiry to breakage,
/// in the grant's unit. Kept for the wallet API's transaction listing and the rows' <c>postings_json</c>.</item>
/// <item><see cref="V2"/> — the chart of accounts of <see cref="ChartOfAccounts"/>: paid credit is deferred revenue,
/// given-away credit and unit credits are memo, a paid unit grant reaches revenue and breakage at its cost basis.
/// What finance's journal, trial balance and KPIs read.</item>
/// </list>
/// Both balance per unit and agree on every wallet's balance (the face value of its credit accounts).
/// </summary>
public static class PostingRules
{
    public const int V1 = 1;
    public const int V2 = 2;
    public const int Current = V2;

    /// <summary>The event's postings under v2; <paramref name="grants"/> must know every grant the event draws on.</summary>
    public static IReadOnlyList<Posting> PostV2(WalletEvent e, string walletId, IGrantDirectory grants)
    {
        var postings = new List<Posting>(4);
        var book = new Book(walletId, grants, postings);
        switch (e)
        {
            case CreditsGranted g:
                book.Grant(BookedGrant.From(g.Grant, g.Terms), g.Terms.Amount.Value);
                break;
            case Refilled r:
                // Billed on invoice: the customer owes it (receivable) and the wallet holds it as deferred revenue.
                book.Grant(BookedGrant.From(r.Grant, r.Terms), r.Amount);
                break;
            case Debited d:
                foreach (var draw in d.Coverage.Draws) book.Use(draw, held: false, hold: null);
                book.Overage(d.Coverage.Overage, hold: null);
                break;
            case HoldAuthorized a:
                foreach (var draw in a.Reserved.Draws) book.Reserve(draw, a.Hold);
                break;
            case HoldGrown g:
                foreach (var draw in g.Added.Draws) book.Reserve(draw, g.Hold);
                break;
            case HoldCaptured c:
                foreach (var draw in c.Captured.Draws) book.Use(draw, held: true, c.Hold);
                foreach (var draw in c.Released) book.Release(draw, c.Hold);
                book.Overage(c.Captured.Overage, c.Hold);
                break;
            case HoldVoided v:
                foreach (var draw in v.Released) book.Release(draw, v.Hold);
                break;
            case HoldExpired x:
                foreach (var draw in x.Released) book.Release(draw, x.Hold);
                break;
            case GrantExpired x:
                book.Expire(x.Grant, x.Amount);
                break;
            case PlanCreditsForfeited f:
                foreach (var forfeited in f.Forfeited) book.Expire(forfeited.Grant, forfeited.Amount);
                break;
            case TopUpSettled s:
                Transfer(postings, LedgerAccount.Treasury, LedgerAccount.SettlementPending, s.Amount.Unit, s.Amount.Value, s.Grant);
                break;
            case TopUpReversed r:
                // A top-up is paid USD credit: what is still in the wallet goes back, what was used is owed.
                Transfer(postings, LedgerAccount.Available(walletId), LedgerAccount.SettlementPending, r.Amount.Unit, r.TakenBack, r.Grant);
                Transfer(postings, LedgerAccount.Receivable, LedgerAccount.SettlementPending, r.Amount.Unit, r.Receivable, r.Grant);
                break;
            case GrantRolledOver r when r.Carry is { } carry:
                book.Reinstate(carry, r.Carried);
                break;
            case InvoicePosted i:
                // Flat fees are revenue; the usage part adjusts the overage revenue the debits already posted at catalog cost.
                // Refills were owed (receivable → deferred revenue) when made: billing them moves nothing; voiding gives them away.
                var sign = i.Void ? -1 : 1;
                InvoicePosted.SignedTransfer(postings, LedgerAccount.Receivable, LedgerAccount.Revenue, sign * i.FlatFees);
                InvoicePosted.SignedTransfer(postings, LedgerAccount.Receivable, LedgerAccount.OverageRevenue,
                    i.Void ? -(i.AmountDue - i.FlatFees - i.RefillsInvoiced) : i.UsageAdjustment);
                if (i.Void) InvoicePosted.SignedTransfer(postings, LedgerAccount.PromotionExpense, LedgerAccount.Receivable, i.RefillsInvoiced);
                break;
            case InvoicePaid p:
                p.Post(postings);
                break;
            case RevokedCreditRecovered rc:
                Transfer(postings, LedgerAccount.Available(walletId), LedgerAccount.Receivable, rc.Amount.Unit, rc.Amount.Value, rc.Grant);
                break;
        }
        return postings;
    }

    /// <summary>Debits <paramref name="from"/> and credits <paramref name="to"/> by <paramref name="amount"/>.</summary>
    internal static void Transfer(List<Posting> postings, LedgerAccount from, LedgerAccount to, CreditUnit unit, long amount, GrantId? grant = null, HoldId? hold = null)
    {
        if (amount == 0) return;
        postings.Add(new Posting(from, unit, amount, grant, hold));
        postings.Add(new Posting(to, unit, -amount, grant, hold));
    }

    private readonly record struct Book(string WalletId, IGrantDirectory Grants, List<Posting> Postings)
    {
        private BookedGrant Find(GrantId id) =>
            Grants.Find(id) ?? throw new InvalidOperationException(
                $"Wallet {WalletId}: grant {id} is not in the grant directory; post the wallet's journal from its first grant (or seed it from a snapshot).");

        public void Grant(BookedGrant grant, long amount)
        {
            if (!grant.IsPaid)
                Transfer(Postings, LedgerAccount.PromotionGranted, grant.AvailableAccount(WalletId), grant.Unit, amount, grant.Id);
            else if (grant.Unit.IsMoney)
                Transfer(Postings, grant.FundedBy, grant.AvailableAccount(WalletId), grant.Unit, amount, grant.Id);
            else
            {
                Transfer(Postings, LedgerAccount.UnitsIssued, grant.AvailableAccount(WalletId), grant.Unit, amount, grant.Id);
                Transfer(Postings, grant.FundedBy, LedgerAccount.UnitValue(WalletId), CreditUnit.Usd, grant.ValueOf(amount), grant.Id);
            }
        }

        public void Use(Draw draw, bool held, HoldId? hold)
        {
            var grant = Find(draw.Grant);
            var from = held ? grant.HeldAccount(WalletId) : grant.AvailableAccount(WalletId);
            if (!grant.IsPaid)
                Transfer(Postings, from, LedgerAccount.PromotionalUsage, draw.Unit, draw.Amount, draw.Grant, hold);
            else if (grant.Unit.IsMoney)
                Transfer(Postings, from, LedgerAccount.Revenue, draw.Unit, draw.Amount, draw.Grant, hold);
            else
            {
                Transfer(Postings, from, LedgerAccount.UnitsUsed, draw.Unit, draw.Amount, draw.Grant, hold);
                Transfer(Postings, LedgerAccount.UnitValue(WalletId), LedgerAccount.Revenue, CreditUnit.Usd, grant.ValueOf(draw.Amount), draw.Grant, hold);
            }
        }

        public void Reserve(Draw draw, HoldId hold)
        {
            var grant = Find(draw.Grant);
            Transfer(Postings, grant.AvailableAccount(WalletId), grant.HeldAccount(WalletId), draw.Unit, draw.Amount, draw.Grant, hold);
        }

        public void Release(Draw draw, HoldId hold)
        {
            var grant = Find(draw.Grant);
            Transfer(Postings, grant.HeldAccount(WalletId), grant.AvailableAccount(WalletId), draw.Unit, draw.Amount, draw.Grant, hold);
        }

        public void Overage(long amount, HoldId? hold) =>
            Transfer(Postings, LedgerAccount.Receivable, LedgerAccount.OverageRevenue, CreditUnit.Usd, amount, hold: hold);

        /// <summary>Takes back from the expiry accounts what a rollover carries on, into the carried grant (booked like its source).</summary>
        public void Reinstate(GrantId carry, long amount)
        {
            var grant = Find(carry);
            var to = grant.AvailableAccount(WalletId);
            if (!grant.IsPaid)
                Transfer(Postings, LedgerAccount.UnusedPromotion, to, grant.Unit, amount, carry);
            else if (grant.Unit.IsMoney)
                Transfer(Postings, LedgerAccount.Breakage, to, grant.Unit, amount, carry);
            else
            {
                Transfer(Postings, LedgerAccount.UnitsExpired, to, grant.Unit, amount, carry);
                Transfer(Postings, LedgerAccount.Breakage, LedgerAccount.UnitValue(WalletId), CreditUnit.Usd, grant.ValueOf(amount), carry);
            }
        }

        public void Expire(GrantId id, Amount amount)
        {
            var grant = Find(id);
            var from = grant.AvailableAccount(WalletId);
            if (!grant.IsPaid)
                Transfer(Postings, from, LedgerAccount.UnusedPromotion, amount.Unit, amount.Value, id);
            else if (grant.Unit.IsMoney)
                Transfer(Postings, from, LedgerAccount.Breakage, amount.Unit, amount.Value, id);
            else
            {
                Transfer(Postings, from, LedgerAccount.UnitsExpired, amount.Unit, amount.Value, id);
                Transfer(Postings, LedgerAccount.UnitValue(WalletId), LedgerAccount.Breakage, CreditUnit.Usd, grant.ValueOf(amount.Value), id);
            }
        }
    }
}
