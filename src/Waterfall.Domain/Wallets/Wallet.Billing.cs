namespace Waterfall.Domain.Wallets;

public sealed partial class Wallet
{
    /// <summary>Made on the first subscription: most wallets are never billed by one, and a million empty dictionaries add up.</summary>
    private Dictionary<string, BillingSubscription>? _billedBy;

    private bool HasBilling => _billedBy is { Count: > 0 };

    /// <summary>The subscriptions that bill this wallet, or did until they ended, in id order.</summary>
    public IReadOnlyList<BillingSubscription> BilledBy =>
        _billedBy is null ? [] : [.. _billedBy.Values.OrderBy(s => s.SubscriptionId, StringComparer.Ordinal)];

    /// <summary>Whether some subscription's invoice bills what this wallet owes at <paramref name="now"/>.</summary>
    public bool IsBilledAt(DateTimeOffset now) => _billedBy?.Values.Any(s => s.BillsAt(now)) ?? false;

    /// <summary>
    /// Started: the subscription bills the wallet from now on (again, if it had been canceled). Canceled: it bills until
    /// its end (now when the entry names none). Subscriptions that ended before this entry are forgotten, so the fold
    /// stays as small as the wallet's live subscriptions.
    /// </summary>
    private void FoldBilling(SubscriptionChanged e)
    {
        _billedBy ??= new(StringComparer.Ordinal);
        foreach (var ended in _billedBy.Values.Where(s => !s.BillsAt(e.At)).Select(s => s.SubscriptionId).ToList()) _billedBy.Remove(ended);
        _billedBy[e.SubscriptionId] = new BillingSubscription(e.SubscriptionId, e.Change == SubscriptionChange.Started ? null : e.EndsAt ?? e.At);
    }

    private void RestoreBilling(IReadOnlyList<BillingSubscription>? billedBy)
    {
        foreach (var subscription in billedBy ?? []) (_billedBy ??= new(StringComparer.Ordinal))[subscription.SubscriptionId] = subscription;
    }
}
