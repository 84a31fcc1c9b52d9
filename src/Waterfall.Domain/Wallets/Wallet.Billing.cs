namespace Waterfall.Domain.Wallets;

public sealed partial class Wallet
{
    private readonly Dictionary<string, BillingSubscription> _billedBy = new(StringComparer.Ordinal);

    /// <summary>The subscriptions that bill this wallet, or did until they ended, in id order.</summary>
    public IReadOnlyList<BillingSubscription> BilledBy =>
        [.. _billedBy.Values.OrderBy(s => s.SubscriptionId, StringComparer.Ordinal)];

    /// <summary>Whether some subscription's invoice bills what this wallet owes at <paramref name="now"/>.</summary>
    public bool IsBilledAt(DateTimeOffset now) => _billedBy.Values.Any(s => s.BillsAt(now));

    /// <summary>
    /// Started: the subscription bills the wallet from now on (again, if it had been canceled). Canceled: it bills until
    /// its end (now when the entry names none). Subscriptions that ended before this entry are forgotten, so the fold
    /// stays as small as the wallet's live subscriptions.
    /// </summary>
    private void FoldBilling(SubscriptionChanged e)
    {
        foreach (var ended in _billedBy.Values.Where(s => !s.BillsAt(e.At)).Select(s => s.SubscriptionId).ToList()) _billedBy.Remove(ended);
        _billedBy[e.SubscriptionId] = new BillingSubscription(e.SubscriptionId, e.Change == SubscriptionChange.Started ? null : e.EndsAt ?? e.At);
    }

    private void RestoreBilling(IReadOnlyList<BillingSubscription>? billedBy)
    {
        foreach (var subscription in billedBy ?? []) _billedBy[subscription.SubscriptionId] = subscription;
    }
}
