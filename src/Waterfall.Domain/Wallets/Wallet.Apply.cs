using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Wallets;

public sealed partial class Wallet
{
    /// <summary>
    /// Applies one event: the only place state changes, used both live and when replaying the
    /// journal. Returns the receipt of a command event (recorded in the idempotency window).
    /// </summary>
    public Receipt? Apply(WalletEvent @event)
    {
        if (@event.Sequence != Sequence + 1)
            throw new InvalidOperationException($"Wallet {Key} is at sequence {Sequence}; event {@event.Sequence} is out of order.");

        Receipt? receipt = @event switch
        {
            WalletOpened e => ApplyOpened(e),
            SettingsChanged e => ApplySettings(e),
            CreditsGranted e => ApplyGranted(e),
            Debited e => ApplyDebited(e),
            HoldAuthorized e => ApplyAuthorized(e),
            HoldGrown e => ApplyGrown(e),
            HoldCaptured e => ApplyCaptured(e),
            HoldVoided e => ApplyVoided(e),
            HoldExpired e => ApplyExpired(e),
            HoldExtended e => ApplyExtended(e),
            GrantExpired e => ApplyGrantExpired(e),
            TopUpSettled e => ApplyTopUpSettled(e),
            TopUpReversed e => ApplyTopUpReversed(e),
            RevokedCreditRecovered e => ApplyRevokedCreditRecovered(e),
            RefillRuleSet or RefillRuleCleared or RefillRuleDisabled or RefillFailed or Refilled => ApplyRefillEvent(@event),
            GrantRolledOver e => ApplyRolledOver(e),
            InvoicePosted e => ApplyInvoicePosted(e),
            PlanCreditsForfeited e => ApplyForfeited(e),
            SubscriptionRenewed e => ApplyRenewed(e),
            SubscriptionChanged e => ApplySubscriptionChanged(e),
            InvoicePaid e => ApplyInvoicePaid(e),
            GrantExpiryNoticed e => ApplyExpiryNoticed(e),
            _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown wallet event."),
        };
        Sequence = @event.Sequence;
        NoteEventTime(@event.At);
        ObserveRefillBalance(@event);
        if (@event is CommandEvent command && receipt is not null)
            _idempotency.Record(new IdempotencyRecord(command.Kind, command.Key, command.Fingerprint, receipt, command.At));
        return receipt;
    }

    private OpenReceipt ApplyOpened(WalletOpened e)
    {
        IsOpen = true;
        Settings = e.Settings;
        return new OpenReceipt(e.Sequence);
    }

    private SettingsReceipt ApplySettings(SettingsChanged e)
    {
        Settings = e.Settings;
        return new SettingsReceipt(e.Sequence);
    }

    private GrantReceipt ApplyGranted(CreditsGranted e)
    {
        var grant = new Grant(e.Terms, e.Grant, e.Sequence, e.At);
        var index = _grants.BinarySearch(grant, Comparer<Grant>.Create(Grant.CompareBurnOrder));
        _grants.Insert(index < 0 ? ~index : index, grant);
        WatchGrant(grant);
        if (e.Terms.Source.AwaitsSettlement)
            OwnPendingTopUps[grant.Id] = new PendingTopUp(grant.Id, e.Terms.Amount, e.GivenAttribution?.Payer, e.GivenAttribution?.Network, e.Terms.Source.Reference);
        return new GrantReceipt(e.Sequence, grant.Id);
    }

    private DebitReceipt ApplyDebited(Debited e)
    {
        foreach (var draw in e.Coverage.Draws)
            GrantOf(draw).Remaining -= draw.Amount;
        AccrueAndSpend(e.Coverage, e.At);
        RemoveSpentGrants();
        return new DebitReceipt(e.Sequence, e.Coverage, AvailableAfter(e.Charge, e.At));
    }

    private HoldReceipt ApplyAuthorized(HoldAuthorized e)
    {
        foreach (var draw in e.Reserved.Draws)
            GrantOf(draw).Held += draw.Amount;
        var hold = new Hold(e.Hold, e.Estimate, e.Reserved, e.At, e.ExpiresAt, e.Attribution);
        OwnHolds.Add(hold.Id, hold);
        WatchDeadline(hold.ExpiresAt);
        return new HoldReceipt(e.Sequence, hold.Id, e.Reserved, e.ExpiresAt);
    }

    private GrowReceipt ApplyGrown(HoldGrown e)
    {
        foreach (var draw in e.Added.Draws)
            GrantOf(draw).Held += draw.Amount;
        var hold = _holds[e.Hold];
        hold.Reserved = Merge(hold.Reserved, e.Added);
        hold.ExpiresAt = e.ExpiresAt;
        WatchDeadline(e.ExpiresAt);
        return new GrowReceipt(e.Sequence, e.Hold, e.Added, hold.Reserved, e.ExpiresAt);
    }

    /// <summary>
    /// A reservation plus what a growth added: one draw per grant and unit, in burn order (so a
    /// capture burns the grown hold as it would have burned one hold of the whole amount).
    /// </summary>
    private Coverage Merge(Coverage reserved, Coverage added)
    {
        var draws = new List<Draw>(reserved.Draws.Count + added.Draws.Count);
        foreach (var draw in reserved.Draws.Concat(added.Draws))
        {
            var at = draws.FindIndex(d => d.Grant == draw.Grant && d.Unit == draw.Unit);
            if (at >= 0) draws[at] = draws[at] with { Amount = checked(draws[at].Amount + draw.Amount) };
            else draws.Add(draw);
        }
        var order = new Dictionary<GrantId, int>(_grants.Count);
        for (var i = 0; i < _grants.Count; i++) order[_grants[i].Id] = i;
        var sorted = draws.OrderBy(d => order.GetValueOrDefault(d.Grant, int.MaxValue)).ToList(); // stable
        return new Coverage(sorted,
            checked(reserved.TokensCovered + added.TokensCovered),
            reserved.ExactCost + added.ExactCost,
            checked(reserved.MoneyCost + added.MoneyCost),
            checked(reserved.Overage + added.Overage));
    }

    private CaptureReceipt ApplyCaptured(HoldCaptured e)
    {
        foreach (var draw in e.Captured.Draws)
        {
            var grant = GrantOf(draw);
            grant.Held -= draw.Amount;
            grant.Remaining -= draw.Amount;
        }
        Release(e.Released);
        RemoveHold(e.Hold);
        AccrueAndSpend(e.Captured, e.At);
        RemoveSpentGrants();
        return new CaptureReceipt(e.Sequence, e.Hold, e.Captured, e.Released, e.OverageReleased, AvailableAfter(e.Actual, e.At));
    }

    private VoidReceipt ApplyVoided(HoldVoided e)
    {
        Release(e.Released);
        RemoveHold(e.Hold);
        return new VoidReceipt(e.Sequence, e.Hold, e.Released);
    }

    private Receipt? ApplyExpired(HoldExpired e)
    {
        Release(e.Released);
        RemoveHold(e.Hold);
        return null;
    }

    private ExtendReceipt ApplyExtended(HoldExtended e)
    {
        _holds[e.Hold].ExpiresAt = e.ExpiresAt;
        WatchDeadline(e.ExpiresAt);
        return new ExtendReceipt(e.Sequence, e.Hold, e.ExpiresAt);
    }

    private Receipt? ApplyGrantExpired(GrantExpired e)
    {
        var grant = _grants.First(g => g.Id == e.Grant);
        grant.Remaining -= e.Amount.Value;
        grant.Expired += e.Amount.Value;
        RemoveSpentGrants();
        return null;
    }

    private Receipt? ApplyExpiryNoticed(GrantExpiryNoticed e)
    {
        if (FindGrant(e.Grant) is { } grant) grant.ExpiryNoticed = true;
        return null;
    }

    private TopUpSettledReceipt ApplyTopUpSettled(TopUpSettled e)
    {
        RemovePendingTopUp(e.Grant);
        return new TopUpSettledReceipt(e.Sequence, e.Grant, e.TransactionHash);
    }

    private TopUpReversedReceipt ApplyTopUpReversed(TopUpReversed e)
    {
        if (_pendingTopUps.TryGetValue(e.Grant, out var pending)) ObservePullReversed(pending);
        RemovePendingTopUp(e.Grant);
        if (FindGrant(e.Grant) is { } grant)
        {
            grant.Remaining -= e.TakenBack;
            grant.IsRevoked = true;
        }
        RemoveSpentGrants();
        return new TopUpReversedReceipt(e.Sequence, e.Grant, e.TakenBack, e.Receivable);
    }

    private Receipt? ApplyRevokedCreditRecovered(RevokedCreditRecovered e)
    {
        FindGrant(e.Grant)!.Remaining -= e.Amount.Value;
        RemoveSpentGrants();
        return null;
    }

    private void Release(IReadOnlyList<Draw> released)
    {
        foreach (var draw in released)
        {
            var grant = GrantOf(draw);
            grant.Held -= draw.Amount;
            // Credit released into a grant that has meanwhile expired becomes breakage at the next
            // tick; into a revoked one, it is taken back at the next tick.
            if (grant.IsRevoked) WatchDeadline(DateTimeOffset.MinValue);
            else WatchGrant(grant);
        }
    }

    private void AccrueAndSpend(Coverage coverage, DateTimeOffset at)
    {
        AccruedOverage = checked(AccruedOverage + coverage.Overage);
        _spend.Record(at, coverage.MoneyCost);
    }

    private Grant GrantOf(Draw draw)
    {
        foreach (var grant in _grants)
            if (grant.Id == draw.Grant) return grant;
        throw new InvalidOperationException($"Wallet {Key} has no grant {draw.Grant}.");
    }

    private void RemoveSpentGrants()
    {
        foreach (var grant in _grants)
            if (grant.IsSpent) _exhausted.Add(grant);
        _grants.RemoveAll(g => g.IsSpent);
        if (_exhausted.Count > ExhaustedGrantsShown) _exhausted.RemoveRange(0, _exhausted.Count - ExhaustedGrantsShown);
    }

    /// <summary>A grant's expiry and, when the wallet announces expiries ahead, its notice.</summary>
    private void WatchGrant(Grant grant)
    {
        WatchDeadline(grant.ExpiresAt);
        WatchDeadline(GrantExpiryNotice.DueAt(grant, _options.GrantExpiringLeadTime));
    }

    private void WatchDeadline(DateTimeOffset? deadline)
    {
        if (deadline is { } d && d < _nextDeadline) _nextDeadline = d;
    }

    private IReadOnlyList<Amount> AvailableAfter(Charge charge, DateTimeOffset at) => charge switch
    {
        UsageCharge => [new Amount(Available(CreditUnit.Tokens, at), CreditUnit.Tokens), new Amount(Available(CreditUnit.Usd, at), CreditUnit.Usd)],
        AmountCharge a => [new Amount(Available(a.Amount.Unit, at), a.Amount.Unit)],
        _ => [],
    };
}
