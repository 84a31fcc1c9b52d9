using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Refills;

namespace Waterfall.Domain.Wallets;

public sealed record RefillRuleSet(long Sequence, DateTimeOffset At, string Key, string Fingerprint, RefillRule Rule)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.RefillRuleSet;
}

public sealed record RefillRuleCleared(long Sequence, DateTimeOffset At, string Key, string Fingerprint)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.RefillRuleCleared;
}

/// <summary>A caller reported a failed refill: the rule is disabled until it is set again.</summary>
public sealed record RefillRuleDisabled(long Sequence, DateTimeOffset At, string Key, string Fingerprint, string Reason)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.RefillRuleDisabled;
}

/// <summary>The wallet could not refill (the refill would pass the wallet's balance limit): the rule is disabled, saying why.</summary>
public sealed record RefillFailed(long Sequence, DateTimeOffset At, string Reason) : WalletEvent(Sequence, At)
{
    public override TransactionKind Kind => TransactionKind.RefillFailed;
}

/// <summary>
/// A refill: a purchased USD grant (id <see cref="GrantId.ForSequence"/> of this event) whose source
/// names the rule and the refill's number. Decided in the same step as the debit or hold that needed it.
/// Funded by invoice, it is owed by the customer: receivable → the wallet's deferred revenue. Pulled from a USDC
/// allowance, it is cash on its way: settlement pending → the wallet, settled or reversed with its pull.
/// </summary>
/// <param name="Number">The wallet's refill count including this one (1 for the first refill ever).</param>
/// <param name="CoversCharge">Made ahead of the charge it lets the wallet cover (the next event, same call), rather than after a fall below the threshold.</param>
public sealed record Refilled(long Sequence, DateTimeOffset At, GrantTerms Terms, RefillFunding Funding, long RuleSequence, int Number, bool CoversCharge)
    : WalletEvent(Sequence, At)
{
    public override TransactionKind Kind => TransactionKind.Refilled;

    public GrantId Grant => GrantId.ForSequence(Sequence);

    public long Amount => Terms.Amount.Value;

    protected override void AddPostings(string walletId, List<Posting> postings) =>
        Transfer(postings, Terms.Source.AwaitsSettlement ? LedgerAccount.SettlementPending : LedgerAccount.Receivable,
            LedgerAccount.Available(walletId), Terms.Amount.Unit, Terms.Amount.Value, Grant);

    /// <summary>The grant source of refill <paramref name="number"/> under the rule set at <paramref name="ruleSequence"/>.</summary>
    public static GrantSource SourceOf(long ruleSequence, int number) =>
        new(GrantSourceKind.Refill, $"refill-rule:{ruleSequence}:refill:{number}");

    /// <summary>
    /// The grant source of a refill by <paramref name="funding"/>: pulled from an allowance, its reference is the
    /// pull's settlement key, as an x402 top-up's is its nonce (so its funding is settlement pending, not a receivable).
    /// </summary>
    public static GrantSource SourceOf(long ruleSequence, int number, RefillFunding funding) =>
        funding == RefillFunding.UsdcAllowance ? new(GrantSourceKind.Refill, UsdcAllowance.PullKey(ruleSequence, number)) : SourceOf(ruleSequence, number);
}
