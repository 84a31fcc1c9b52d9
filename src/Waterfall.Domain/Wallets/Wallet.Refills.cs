using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Refills;
using Waterfall.Domain.Settlement;

namespace Waterfall.Domain.Wallets;

/// <summary>
/// Auto-refill (docs/refill.md). A refill is decided inside the decision of the command that needs it,
/// never on its own: the wallet decides commands one at a time, in order, so however many debits arrive
/// together, only the one whose decision finds the balance below the threshold with the rule armed
/// refills, and a refill disarms the rule until the balance is back at or above the threshold.
/// </summary>
public sealed partial class Wallet
{
    /// <summary>The refill rule and its month's usage; <see cref="RefillState.None"/> for a wallet that never had one.</summary>
    public RefillState Refill { get; private set; } = RefillState.None;

    /// <summary>Spendable USD now: what the refill threshold is compared with.</summary>
    public long RefillBalance(DateTimeOffset now) => Available(CreditUnit.Usd, now);

    public Outcome<RefillRuleReceipt> SetRefillRule(SetRefillRule command, DateTimeOffset now)
    {
        if (command.Rule.Violations(command.SettlementAccount, now) is { Count: > 0 } violations) return Refusal.Invalid([.. violations]);
        if (command.Rule.Allowance is { } allowance && command.PullNetworks is { } networks && !networks.Contains(allowance.Network))
            return Refusal.Invalid(new FieldViolation("rule.allowance.network", $"this service pulls USDC on {string.Join(", ", networks)} only"));
        if (Admit<RefillRuleReceipt>(command) is { } early) return early;
        if (command.Rule.Funding == RefillFunding.Invoice && !IsBilledAt(now)) return NotBillable();
        return Accept<RefillRuleReceipt>(new RefillRuleSet(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(), command.Rule));
    }

    public Outcome<RefillRuleReceipt> ClearRefillRule(ClearRefillRule command, DateTimeOffset now)
    {
        if (Admit<RefillRuleReceipt>(command) is { } early) return early;
        if (Refill.Rule is null) return NoRefillRule();
        return Accept<RefillRuleReceipt>(new RefillRuleCleared(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint()));
    }

    public Outcome<RefillRuleReceipt> DisableRefillRule(DisableRefillRule command, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(command.Reason) || command.Reason.Length > 256)
            return Refusal.Invalid(new FieldViolation("reason", "must be 1-256 characters"));
        if (Admit<RefillRuleReceipt>(command) is { } early) return early;
        if (Refill.Rule is null) return NoRefillRule();
        return Accept<RefillRuleReceipt>(new RefillRuleDisabled(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(), command.Reason));
    }

    /// <summary>
    /// Accepts a charge that spends available credit (a debit, a hold, a hold's growth) with the refill it
    /// calls for, all in one outcome: covered as it is, the command's event and then, if it leaves the
    /// balance below the threshold with the rule armed, a refill; not covered, a refill first when one
    /// (within the monthly cap) makes it covered, else the refusal, and nothing changes.
    /// </summary>
    /// <param name="decide">Makes the command's event from its coverage; called once the wallet is in the state it applies to.</param>
    private Outcome<T> SpendOrRefill<T>(Charge charge, WaterfallResult result, DateTimeOffset now, Func<Coverage, CommandEvent> decide) where T : Receipt
    {
        if (result.IsCovered)
        {
            var spent = decide(result.Coverage);
            var receipt = (T)Apply(spent)!;
            return RefillOnFall(now) is { } refill ? Outcome<T>.Accepted(receipt, [spent, ApplyNew(refill)]) : Outcome<T>.Accepted(receipt, spent);
        }
        if (RefillToCover(charge, now) is not { } refilled) return InsufficientFunds(result);

        Apply(refilled);
        var covered = CreditWaterfall.Cover(charge, CreditWaterfall.Sources(_grants, charge.Context, now), OverageHeadroom());
        var @event = decide(covered.Coverage);
        return Outcome<T>.Accepted((T)Apply(@event)!, [refilled, @event]);
    }

    /// <summary>The refill an armed rule owes a wallet whose balance has fallen below its threshold; or the failure that disables it.</summary>
    private WalletEvent? RefillOnFall(DateTimeOffset now)
    {
        if (Refill is not { Rule: { } rule, Enabled: true, Armed: true }) return null;
        var balance = RefillBalance(now);
        if (balance >= rule.Threshold) return null;
        var amount = Refill.Plan(balance, now);
        if (amount <= 0) return null; // the month's cap is used up
        if (checked(TotalRemaining(CreditUnit.Usd) + amount) > Amount.MaxBalance)
            return new RefillFailed(Sequence + 1, now, $"A refill of {Amount.Usd(amount)} would pass the wallet's balance limit of {Amount.MaxBalance} {CreditUnit.Usd}.");
        return NewRefill(amount, now, coversCharge: false);
    }

    /// <summary>
    /// The refill that lets an otherwise refused charge be covered, armed or not, or null when none can:
    /// no enabled rule, the cap used up, or even the refill would not cover it. Decided on a copy of the
    /// sources, so a refusal changes nothing.
    /// </summary>
    private Refilled? RefillToCover(Charge charge, DateTimeOffset now)
    {
        if (Refill is not { Rule: not null, Enabled: true }) return null;
        var amount = Refill.Plan(RefillBalance(now), now);
        if (amount <= 0 || checked(TotalRemaining(CreditUnit.Usd) + amount) > Amount.MaxBalance) return null;

        var refill = NewRefill(amount, now, coversCharge: true);
        var grant = new Grant(refill.Terms, refill.Grant, refill.Sequence, now);
        var grants = new List<Grant>(_grants.Count + 1);
        grants.AddRange(_grants);
        var index = grants.BinarySearch(grant, Comparer<Grant>.Create(Grant.CompareBurnOrder));
        grants.Insert(index < 0 ? ~index : index, grant);
        var result = CreditWaterfall.Cover(charge, CreditWaterfall.Sources(grants, charge.Context, now), OverageHeadroom());
        return result.IsCovered ? refill : null;
    }

    private Refilled NewRefill(long amount, DateTimeOffset now, bool coversCharge)
    {
        var number = Refill.Refills + 1;
        var funding = Refill.Rule!.Funding;
        var terms = new GrantTerms(GrantKind.Purchased, Amount.Usd(amount), GrantKind.Purchased.DefaultPriority!.Value, null, null,
            GrantScope.Any, Refilled.SourceOf(Refill.RuleSequence, number, funding), 1m);
        return new Refilled(Sequence + 1, now, terms, funding, Refill.RuleSequence, number, coversCharge);
    }

    /// <summary>Refills due after time passed (an expiry can take the balance below the threshold too).</summary>
    private WalletEvent? RefillAfterTick(DateTimeOffset now) => RefillOnFall(now) is { } refill ? ApplyNew(refill) : null;

    private Receipt? ApplyRefillEvent(WalletEvent e)
    {
        switch (e)
        {
            case RefillRuleSet set:
                Refill = Refill.WithRule(set.Rule, set.Sequence);
                return new RefillRuleReceipt(set.Sequence, Refill);
            case RefillRuleCleared cleared:
                Refill = Refill.Cleared();
                return new RefillRuleReceipt(cleared.Sequence, Refill);
            case RefillRuleDisabled disabled:
                Refill = Refill.Disabled(disabled.Reason, disabled.At);
                return new RefillRuleReceipt(disabled.Sequence, Refill);
            case RefillFailed failed:
                Refill = Refill.Disabled(failed.Reason, failed.At);
                return null;
            case Refilled refilled:
                InsertGrant(new Grant(refilled.Terms, refilled.Grant, refilled.Sequence, refilled.At));
                // Pulled from an allowance, the refill is credited on submission and pending like an x402 top-up until its pull settles.
                if (refilled.Terms.Source.AwaitsSettlement && Refill.Rule?.Allowance is { } allowance)
                    OwnPendingTopUps[refilled.Grant] = new PendingTopUp(refilled.Grant, refilled.Terms.Amount, allowance.Owner, allowance.Network, refilled.Terms.Source.Reference);
                Refill = Refill.AfterRefill(refilled.Amount, refilled.At);
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Not a refill event.");
        }
    }

    /// <summary>
    /// After every event: a rule whose refill has been answered is armed again once the balance is back at or
    /// above its threshold. Not between a refill and the charge it was made for: that balance is never seen
    /// outside the call, and a charge that takes the wallet below the threshold again is answered by that refill.
    /// </summary>
    private void ObserveRefillBalance(WalletEvent e)
    {
        if (Refill.Rule is not null && !Refill.Armed && e is not Refilled { CoversCharge: true }) Refill = Refill.Observe(RefillBalance(e.At));
    }

    /// <summary>
    /// The refills of the current rule pulled from its allowance whose pull has not settled yet (all, or only those of
    /// <paramref name="grants"/>): what the host hands to settlement after the refill is durable, and again after a restart
    /// (a pull is keyed by rule and refill number, so handing it over twice is one pull). None where
    /// <paramref name="payToOf"/> knows no payee for the permit's network.
    /// </summary>
    public IReadOnlyList<AllowancePull> PendingPulls(Func<string, string?> payToOf, IReadOnlyCollection<GrantId>? grants = null)
    {
        if (Refill.Rule?.Allowance is not { } allowance || payToOf(allowance.Network) is not { } payTo) return [];
        var pulls = new List<AllowancePull>();
        foreach (var pending in _pendingTopUps.Values)
            if (UsdcAllowance.TryParsePullKey(pending.Reference, out var ruleSequence, out _) && ruleSequence == Refill.RuleSequence
                && (grants is null || grants.Contains(pending.Grant)))
                pulls.Add(AllowancePull.For(Key, pending, allowance, payTo));
        return pulls;
    }

    /// <summary>A reversed top-up that was a pulled refill gives its units back to the permit's cap.</summary>
    private void ObservePullReversed(PendingTopUp pending)
    {
        if (UsdcAllowance.TryParsePullKey(pending.Reference, out var ruleSequence, out _))
            Refill = Refill.PullReversed(ruleSequence, pending.Amount.Value);
    }

    private void InsertGrant(Grant grant)
    {
        var index = _grants.BinarySearch(grant, Comparer<Grant>.Create(Grant.CompareBurnOrder));
        _grants.Insert(index < 0 ? ~index : index, grant);
        WatchGrant(grant);
    }

    /// <summary>An invoice refill on a wallet no subscription bills would be owed in receivable and on no invoice: refused up front.</summary>
    private static Refusal NotBillable() =>
        Refusal.Of(Reasons.RefillNotBillable,
            "No live subscription bills this wallet, so an invoice-funded refill would appear on no invoice: subscribe the wallet to a plan first, or fund the rule with usdc_allowance.");

    private static Refusal NoRefillRule() =>
        Refusal.Of(Reasons.RefillRuleNotFound, "This wallet has no refill rule.");
}
