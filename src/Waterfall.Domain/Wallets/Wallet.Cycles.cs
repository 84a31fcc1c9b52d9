using Waterfall.Domain.Billing;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Wallets;

/// <summary>
/// Rolls part of an expired grant's breakage into a new grant of the same kind: the billing cycle's
/// rollover at a period boundary. The source has expired when this runs (the wallet posts its expiry,
/// dated at the boundary, before any command), so the rollover takes back at most what that expiry
/// posted and not rolled yet: credit is never created, only kept from breakage.
/// </summary>
/// <param name="MaxCarry">The most to carry (what the rule and the line's cap still allow).</param>
/// <param name="CarryExpiresAt">When the carried credit expires: the end of the next period.</param>
public sealed record RollOverGrant(string IdempotencyKey, GrantId Source, long MaxCarry, DateTimeOffset CarryExpiresAt) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.GrantRolledOver;

    public override string Fingerprint() =>
        new FingerprintBuilder("roll-over").Add(Source.Value).Add(MaxCarry).Add(CarryExpiresAt).Build();
}

/// <summary>
/// Posts an invoice to the wallet's books: what the customer owes beyond the overage the wallet already
/// accrued as receivable, or, voided, takes the whole amount back. Issuing also takes the invoiced
/// overage off the wallet's accrual, so a HYBRID overage limit counts per period.
/// </summary>
/// <param name="AmountDue">The invoice's amount due, nano-dollars.</param>
/// <param name="FlatFees">The part of it that is flat fees (revenue) rather than usage (overage revenue).</param>
/// <param name="OverageInvoiced">The overage the period accrued that the invoice bills.</param>
/// <param name="RefillsInvoiced">The part of it that bills auto-refills, owed since each refill was made.</param>
/// <param name="Number">The invoice's number and <paramref name="Period"/> the period it bills: what <c>invoice.issued</c>
/// says. Descriptive (the invoice id decides them), so not part of the fingerprint: a retry from before they were sent still matches.</param>
public sealed record PostInvoice(string IdempotencyKey, string InvoiceId, long AmountDue, long FlatFees, long OverageInvoiced, bool Void, long RefillsInvoiced = 0,
    string? Number = null, PeriodSpan? Period = null) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.InvoicePosted;

    public override string Fingerprint()
    {
        var f = new FingerprintBuilder("post-invoice").Add(InvoiceId).Add(AmountDue).Add(FlatFees).Add(OverageInvoiced).Add(Void);
        return (RefillsInvoiced == 0 ? f : f.Add("refills").Add(RefillsInvoiced)).Build();
    }
}

/// <summary>A rollover: <see cref="Carried"/> of the source's expired <see cref="Remainder"/> is a new grant (id <see cref="GrantId.ForSequence"/>), the rest stays breakage.</summary>
public sealed record GrantRolledOver(long Sequence, DateTimeOffset At, string Key, string Fingerprint, GrantId Source, long Remainder, long Carried, GrantTerms? CarryTerms)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.GrantRolledOver;

    public GrantId? Carry => Carried > 0 ? GrantId.ForSequence(Sequence) : null;

    protected override void AddPostings(string walletId, List<Posting> postings)
    {
        if (CarryTerms is { } terms && Carry is { } carry)
            Transfer(postings, LedgerAccount.Breakage, LedgerAccount.Available(walletId), terms.Amount.Unit, Carried, carry);
    }
}

/// <summary>An invoice posted to (or, voided, taken off) the wallet's receivable.</summary>
public sealed record InvoicePosted(long Sequence, DateTimeOffset At, string Key, string Fingerprint, string InvoiceId, long AmountDue, long FlatFees, long OverageInvoiced, bool Void, long RefillsInvoiced = 0,
    string? Number = null, PeriodSpan? Period = null)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.InvoicePosted;

    /// <summary>
    /// What the invoice adds to the receivable beyond the overage and refills already posted there: plan
    /// prices above (or below) catalog cost. Flat fees are added apart.
    /// </summary>
    public long UsageAdjustment => AmountDue - FlatFees - OverageInvoiced - RefillsInvoiced;

    protected override void AddPostings(string walletId, List<Posting> postings)
    {
        if (Void)
        {
            // A refill billed and then voided was given away.
            SignedTransfer(postings, LedgerAccount.Revenue, LedgerAccount.Receivable, AmountDue - RefillsInvoiced);
            SignedTransfer(postings, LedgerAccount.PromotionExpense, LedgerAccount.Receivable, RefillsInvoiced);
        }
        else SignedTransfer(postings, LedgerAccount.Receivable, LedgerAccount.Revenue, AmountDue - OverageInvoiced - RefillsInvoiced);
    }

    /// <summary>A transfer of a signed amount: a negative one runs the other way.</summary>
    internal static void SignedTransfer(List<Posting> postings, LedgerAccount from, LedgerAccount to, long amount)
    {
        if (amount >= 0) Transfer(postings, from, to, CreditUnit.Usd, amount);
        else Transfer(postings, to, from, CreditUnit.Usd, -amount);
    }
}

public sealed record RolloverReceipt(long Sequence, GrantId Source, long Remainder, long Carried, GrantId? Carry) : Receipt(Sequence);

public sealed record InvoicePostedReceipt(long Sequence, string InvoiceId, long AccruedOverage) : Receipt(Sequence);

public sealed partial class Wallet
{
    public Outcome<RolloverReceipt> RollOver(RollOverGrant command, DateTimeOffset now)
    {
        if (Admit<RolloverReceipt>(command) is { } early) return early;
        if (command.MaxCarry < 0) return Refusal.Invalid(new FieldViolation("max_carry", "must not be negative"));
        if (FindAnyGrant(command.Source) is not { } source)
            return Refusal.Of(CycleReasons.GrantNotFound, $"Wallet {Key} has no grant {command.Source} it still remembers.",
                new Dictionary<string, string> { ["grant_id"] = command.Source.Value });
        if (!source.IsExpiredAt(now))
            return Refusal.Invalid(new FieldViolation("source", $"grant {source.Id} has not expired yet; it rolls over at its expiry"));
        var remainder = source.Expired - source.RolledOver;
        var carried = RolloverBudget.Carry(remainder, command.MaxCarry);
        if (carried > 0 && checked(TotalRemaining(source.Unit) + carried) > Amount.MaxBalance)
            return Refusal.Of(Reasons.BalanceLimitExceeded, $"A wallet holds at most {Amount.MaxBalance} {source.Unit}.");
        var terms = carried > 0
            ? source.Terms with { Amount = new Amount(carried, source.Unit), EffectiveAt = null, ExpiresAt = command.CarryExpiresAt }
            : null;
        return Accept<RolloverReceipt>(new GrantRolledOver(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(), source.Id, remainder, carried, terms));
    }

    public Outcome<InvoicePostedReceipt> PostInvoice(PostInvoice command, DateTimeOffset now)
    {
        if (Admit<InvoicePostedReceipt>(command) is { } early) return early;
        var v = new List<FieldViolation>();
        if (!Identifier.IsValid(command.InvoiceId)) v.Add(new("invoice_id", "must be 1-128 characters of letters, digits and . _ : -"));
        if (command.AmountDue < 0) v.Add(new("amount_due", "must not be negative"));
        if (command.FlatFees < 0 || command.FlatFees > command.AmountDue) v.Add(new("flat_fees", "must be between 0 and the amount due"));
        if (command.OverageInvoiced < 0) v.Add(new("overage_invoiced", "must not be negative"));
        if (command.RefillsInvoiced < 0 || command.RefillsInvoiced > command.AmountDue - command.FlatFees) v.Add(new("refills_invoiced", "must be between 0 and the amount due less flat fees"));
        if (v.Count > 0) return Refusal.Invalid([.. v]);
        return Accept<InvoicePostedReceipt>(new InvoicePosted(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(),
            command.InvoiceId, command.AmountDue, command.FlatFees, command.OverageInvoiced, command.Void, command.RefillsInvoiced, command.Number, command.Period));
    }

    /// <summary>A grant with credit left, or one used up or expired that the wallet still shows.</summary>
    private Grant? FindAnyGrant(GrantId id) => FindGrant(id) ?? _exhausted.FirstOrDefault(g => g.Id == id);

    private RolloverReceipt ApplyRolledOver(GrantRolledOver e)
    {
        if (FindAnyGrant(e.Source) is { } source) source.RolledOver += e.Carried;
        if (e.CarryTerms is { } terms && e.Carry is { } carry)
        {
            var grant = new Grant(terms, carry, e.Sequence, e.At);
            var index = _grants.BinarySearch(grant, Comparer<Grant>.Create(Grant.CompareBurnOrder));
            _grants.Insert(index < 0 ? ~index : index, grant);
            WatchGrant(grant);
        }
        return new RolloverReceipt(e.Sequence, e.Source, e.Remainder, e.Carried, e.Carry);
    }

    private InvoicePostedReceipt ApplyInvoicePosted(InvoicePosted e)
    {
        if (!e.Void) AccruedOverage = Math.Max(0, AccruedOverage - e.OverageInvoiced);
        return new InvoicePostedReceipt(e.Sequence, e.InvoiceId, AccruedOverage);
    }
}
