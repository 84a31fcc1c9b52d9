using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Wallets;

/// <summary>
/// A fact in a wallet's journal, numbered by the wallet's sequence. The wallet's state is the
/// fold of its events; each event is also exactly one balanced ledger transaction.
/// </summary>
public abstract record WalletEvent(long Sequence, DateTimeOffset At)
{
    public abstract TransactionKind Kind { get; }

    public virtual string? IdempotencyKey => null;

    public virtual Attribution Attribution => Attribution.None;

    /// <summary>The event's postings; they sum to zero per unit.</summary>
    public IReadOnlyList<Posting> Postings(string walletId)
    {
        var postings = new List<Posting>(4);
        AddPostings(walletId, postings);
        return postings;
    }

    /// <summary>The event's postings in <paramref name="into"/>, cleared first: a writer that turns a batch of events into rows fills one list for all.</summary>
    public void PostingsInto(string walletId, List<Posting> into)
    {
        into.Clear();
        AddPostings(walletId, into);
    }

    protected virtual void AddPostings(string walletId, List<Posting> postings) { }

    public LedgerTransaction ToLedgerTransaction(WalletKey wallet) =>
        new(wallet, Sequence, Kind, At, IdempotencyKey, Postings(wallet.WalletId), Attribution);

    /// <summary>Moves <paramref name="amount"/> from one account to another.</summary>
    protected static void Transfer(List<Posting> postings, LedgerAccount from, LedgerAccount to, CreditUnit unit, long amount, GrantId? grant = null, HoldId? hold = null)
    {
        if (amount == 0) return;
        postings.Add(new Posting(from, unit, amount, grant, hold));
        postings.Add(new Posting(to, unit, -amount, grant, hold));
    }

    /// <summary>Attribution of a charge: the caller's, completed with the usage's model, provider and tokens.</summary>
    protected static Attribution Attribute(Attribution? given, Charge charge)
    {
        var attribution = given ?? Attribution.None;
        return charge switch
        {
            UsageCharge usage => attribution with
            {
                Model = attribution.Model ?? usage.Usage.Model,
                Provider = attribution.Provider ?? usage.Usage.Provider,
                InputTokens = attribution.InputTokens ?? InputTokens(usage),
                OutputTokens = attribution.OutputTokens ?? OutputTokens(usage),
            },
            AmountCharge amount => attribution with
            {
                Model = attribution.Model ?? amount.Context.Model,
                Provider = attribution.Provider ?? amount.Context.Provider,
            },
            _ => attribution,
        };
    }

    private static long InputTokens(UsageCharge charge) =>
        charge.Usage.Lines.Where(l => l.Component < Pricing.Rating.UsageComponent.Output).Sum(l => l.Tokens);

    private static long OutputTokens(UsageCharge charge) =>
        charge.Usage.Lines.Where(l => l.Component >= Pricing.Rating.UsageComponent.Output).Sum(l => l.Tokens);
}

/// <summary>An event that answers a command, and so carries its idempotency key and fingerprint.</summary>
public abstract record CommandEvent(long Sequence, DateTimeOffset At, string Key, string Fingerprint) : WalletEvent(Sequence, At)
{
    public override string? IdempotencyKey => Key;
}

public sealed record WalletOpened(long Sequence, DateTimeOffset At, string Key, string Fingerprint, WalletSettings Settings)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.WalletOpened;
}

/// <summary>Credit granted; the grant's id is <see cref="GrantId.ForSequence"/> of this event.</summary>
public sealed record CreditsGranted(long Sequence, DateTimeOffset At, string Key, string Fingerprint, GrantTerms Terms, Attribution? GivenAttribution)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.CreditsGranted;

    public override Attribution Attribution => GivenAttribution ?? Attribution.None;

    public GrantId Grant => GrantId.ForSequence(Sequence);

    /// <summary>
    /// Paid credit is funded by cash received (or, for an x402 payment not settled yet, by cash
    /// pending settlement); given-away credit by the promotion budget.
    /// </summary>
    protected override void AddPostings(string walletId, List<Posting> postings) =>
        Transfer(postings,
            Terms.Source.AwaitsSettlement ? LedgerAccount.SettlementPending : Terms.Kind.IsPaid ? LedgerAccount.Treasury : LedgerAccount.PromotionExpense,
            LedgerAccount.Available(walletId),
            Terms.Amount.Unit, Terms.Amount.Value, Grant);
}

public sealed record Debited(long Sequence, DateTimeOffset At, string Key, string Fingerprint, Charge Charge, Coverage Coverage, Attribution? GivenAttribution)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.Debited;

    public override Attribution Attribution => Attribute(GivenAttribution, Charge);

    protected override void AddPostings(string walletId, List<Posting> postings)
    {
        foreach (var draw in Coverage.Draws)
            Transfer(postings, LedgerAccount.Available(walletId), LedgerAccount.Revenue, draw.Unit, draw.Amount, draw.Grant);
        Transfer(postings, LedgerAccount.Receivable, LedgerAccount.Revenue, CreditUnit.Usd, Coverage.Overage);
    }
}

/// <summary>A hold placed; its id is <see cref="HoldId.ForSequence"/> of this event.</summary>
public sealed record HoldAuthorized(long Sequence, DateTimeOffset At, string Key, string Fingerprint, Charge Estimate, Coverage Reserved, DateTimeOffset ExpiresAt, Attribution? GivenAttribution)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.HoldAuthorized;

    public override Attribution Attribution => Attribute(GivenAttribution, Estimate);

    public HoldId Hold => HoldId.ForSequence(Sequence);

    protected override void AddPostings(string walletId, List<Posting> postings)
    {
        foreach (var draw in Reserved.Draws)
            Transfer(postings, LedgerAccount.Available(walletId), LedgerAccount.HeldBy(walletId), draw.Unit, draw.Amount, draw.Grant, Hold);
    }
}

/// <summary>
/// More reserved for an open hold: each added draw moves from available to held, tagged with the
/// hold, exactly like the hold's first reservation.
/// </summary>
public sealed record HoldGrown(long Sequence, DateTimeOffset At, string Key, string Fingerprint, HoldId Hold, Charge Additional, Coverage Added, DateTimeOffset ExpiresAt)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.HoldGrown;

    public override Attribution Attribution => Attribute(null, Additional);

    protected override void AddPostings(string walletId, List<Posting> postings)
    {
        foreach (var draw in Added.Draws)
            Transfer(postings, LedgerAccount.Available(walletId), LedgerAccount.HeldBy(walletId), draw.Unit, draw.Amount, draw.Grant, Hold);
    }
}

public sealed record HoldCaptured(
    long Sequence, DateTimeOffset At, string Key, string Fingerprint, HoldId Hold, Charge Actual, Coverage Captured,
    IReadOnlyList<Draw> Released, long OverageReleased, Attribution? GivenAttribution)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.HoldCaptured;

    public override Attribution Attribution => Attribute(GivenAttribution, Actual);

    protected override void AddPostings(string walletId, List<Posting> postings)
    {
        foreach (var draw in Captured.Draws)
            Transfer(postings, LedgerAccount.HeldBy(walletId), LedgerAccount.Revenue, draw.Unit, draw.Amount, draw.Grant, Hold);
        foreach (var draw in Released)
            Transfer(postings, LedgerAccount.HeldBy(walletId), LedgerAccount.Available(walletId), draw.Unit, draw.Amount, draw.Grant, Hold);
        Transfer(postings, LedgerAccount.Receivable, LedgerAccount.Revenue, CreditUnit.Usd, Captured.Overage, hold: Hold);
    }
}

public sealed record HoldVoided(long Sequence, DateTimeOffset At, string Key, string Fingerprint, HoldId Hold, IReadOnlyList<Draw> Released)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.HoldVoided;

    protected override void AddPostings(string walletId, List<Posting> postings) => ReleasePostings(walletId, Hold, Released, postings);

    internal static void ReleasePostings(string walletId, HoldId hold, IReadOnlyList<Draw> released, List<Posting> postings)
    {
        foreach (var draw in released)
            Transfer(postings, LedgerAccount.HeldBy(walletId), LedgerAccount.Available(walletId), draw.Unit, draw.Amount, draw.Grant, hold);
    }
}

public sealed record HoldExpired(long Sequence, DateTimeOffset At, HoldId Hold, IReadOnlyList<Draw> Released)
    : WalletEvent(Sequence, At)
{
    public override TransactionKind Kind => TransactionKind.HoldExpired;

    protected override void AddPostings(string walletId, List<Posting> postings) =>
        HoldVoided.ReleasePostings(walletId, Hold, Released, postings);
}

public sealed record HoldExtended(long Sequence, DateTimeOffset At, string Key, string Fingerprint, HoldId Hold, DateTimeOffset ExpiresAt)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.HoldExtended;
}

/// <summary>An expired grant's unused credit, recognized as breakage.</summary>
public sealed record GrantExpired(long Sequence, DateTimeOffset At, GrantId Grant, Amount Amount)
    : WalletEvent(Sequence, At)
{
    public override TransactionKind Kind => TransactionKind.GrantExpired;

    protected override void AddPostings(string walletId, List<Posting> postings) =>
        Transfer(postings, LedgerAccount.Available(walletId), LedgerAccount.Breakage, Amount.Unit, Amount.Value, Grant);
}

public sealed record SettingsChanged(long Sequence, DateTimeOffset At, string Key, string Fingerprint, WalletSettings Settings)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.SettingsChanged;
}

/// <summary>An x402 top-up's payment landed on chain: the cash pending settlement is now in the treasury.</summary>
public sealed record TopUpSettled(long Sequence, DateTimeOffset At, string Key, string Fingerprint, GrantId Grant, Amount Amount, string TransactionHash, Attribution? GivenAttribution)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.TopUpSettled;

    public override Attribution Attribution => (GivenAttribution ?? Attribution.None) with { TransactionHash = TransactionHash };

    protected override void AddPostings(string walletId, List<Posting> postings) =>
        Transfer(postings, LedgerAccount.Treasury, LedgerAccount.SettlementPending, Amount.Unit, Amount.Value, Grant);
}

/// <summary>
/// An x402 top-up's payment failed on chain (e.g. the payer moved the funds first): the credit
/// still unspent is taken back, what was already used becomes a receivable, and the grant is revoked.
/// </summary>
/// <param name="TakenBack">Credit removed from the wallet (the grant's unheld remainder).</param>
public sealed record TopUpReversed(long Sequence, DateTimeOffset At, string Key, string Fingerprint, GrantId Grant, Amount Amount, long TakenBack, string Reason)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.TopUpReversed;

    public long Receivable => Amount.Value - TakenBack;

    protected override void AddPostings(string walletId, List<Posting> postings)
    {
        Transfer(postings, LedgerAccount.Available(walletId), LedgerAccount.SettlementPending, Amount.Unit, TakenBack, Grant);
        Transfer(postings, LedgerAccount.Receivable, LedgerAccount.SettlementPending, Amount.Unit, Receivable, Grant);
    }
}

/// <summary>Credit released (by a hold) into a revoked grant is taken back, lowering what the customer owes.</summary>
public sealed record RevokedCreditRecovered(long Sequence, DateTimeOffset At, GrantId Grant, Amount Amount)
    : WalletEvent(Sequence, At)
{
    public override TransactionKind Kind => TransactionKind.RevokedCreditRecovered;

    protected override void AddPostings(string walletId, List<Posting> postings) =>
        Transfer(postings, LedgerAccount.Available(walletId), LedgerAccount.Receivable, Amount.Unit, Amount.Value, Grant);
}

/// <summary>
/// The wallet announced that a grant's credit expires soon (<c>grant.expiring</c>): posts nothing, and marks the
/// grant so the notice is never repeated, across restarts and replays alike.
/// </summary>
/// <param name="Expiring">The grant's unheld credit at the notice: what becomes breakage if nothing uses it.</param>
public sealed record GrantExpiryNoticed(long Sequence, DateTimeOffset At, GrantId Grant, Amount Expiring, DateTimeOffset ExpiresAt)
    : WalletEvent(Sequence, At)
{
    public override TransactionKind Kind => TransactionKind.GrantExpiryNoticed;
}
