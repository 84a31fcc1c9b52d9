using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Events;

/// <summary>
/// What a wallet announces when it makes a change: one event per expiry and top-up it posts, and
/// one per balance crossing between the state before the change and after it. Pure: the grain
/// passes the decided events and the two states, and writes what comes back with the postings.
/// </summary>
public static class WalletAnnouncements
{
    /// <param name="events">The change's events, in sequence order (time-driven expiries first, then the command's).</param>
    public static IReadOnlyList<Announcement> Derive(
        WalletKey wallet, string? customerId, BalanceState before, BalanceState after, IReadOnlyList<WalletEvent> events)
    {
        if (events.Count == 0) return [];
        List<Announcement>? announced = null;
        long sequence = 0;
        var index = 0;

        void Add(string type, DateTimeOffset at, long cause, string payload)
        {
            if (cause != sequence) (sequence, index) = (cause, 0);
            (announced ??= []).Add(new Announcement(Announcement.IdFor(wallet.TenantId, wallet.WalletId, cause, index), type, at,
                wallet.TenantId, wallet.WalletId, customerId, cause, index, EventTypes.PayloadVersion, payload));
            index++;
        }

        foreach (var e in events)
        {
            switch (e)
            {
                case GrantExpiryNoticed n:
                    Add(EventTypes.GrantExpiring, n.At, n.Sequence, EventPayloads.GrantExpiring(wallet.WalletId, n));
                    break;
                case GrantExpired g:
                    Add(EventTypes.GrantExpired, g.At, g.Sequence, EventPayloads.GrantExpired(wallet.WalletId, g));
                    break;
                case HoldExpired h:
                    Add(EventTypes.HoldExpired, h.At, h.Sequence, EventPayloads.HoldExpired(wallet.WalletId, h));
                    break;
                case TopUpSettled s:
                    Add(EventTypes.TopUpSettled, s.At, s.Sequence, EventPayloads.TopUpSettled(wallet.WalletId, s));
                    break;
                case TopUpReversed r:
                    Add(EventTypes.TopUpReversed, r.At, r.Sequence, EventPayloads.TopUpReversed(wallet.WalletId, r));
                    break;
                case Refilled refill:
                    Add(EventTypes.RefillSucceeded, refill.At, refill.Sequence, EventPayloads.RefillSucceeded(wallet.WalletId, refill));
                    break;
                case RefillFailed failed:
                    Add(EventTypes.RefillFailed, failed.At, failed.Sequence, EventPayloads.RefillFailed(wallet.WalletId, failed.Reason));
                    break;
                case InvoicePosted { Void: false } invoice:
                    Add(EventTypes.InvoiceIssued, invoice.At, invoice.Sequence, EventPayloads.InvoiceIssued(wallet.WalletId, invoice));
                    break;
                case SubscriptionRenewed renewed:
                    Add(EventTypes.SubscriptionRenewed, renewed.At, renewed.Sequence, EventPayloads.SubscriptionRenewed(wallet.WalletId, renewed));
                    break;
                case SubscriptionChanged changed:
                    Add(changed.Change == SubscriptionChange.Started ? EventTypes.SubscriptionStarted : EventTypes.SubscriptionCanceled,
                        changed.At, changed.Sequence, EventPayloads.SubscriptionChanged(wallet.WalletId, changed));
                    break;
                case InvoicePaid paid:
                    Add(EventTypes.InvoicePaid, paid.At, paid.Sequence, EventPayloads.InvoicePaid(wallet.WalletId, paid));
                    break;
                case RefillRuleDisabled disabled:
                    Add(EventTypes.RefillFailed, disabled.At, disabled.Sequence, EventPayloads.RefillFailed(wallet.WalletId, disabled.Reason));
                    break;
            }
        }

        // A wallet not open (or never funded) before the change has no state to cross from: opening and first funding announce no crossing.
        if (before.IsOpen && after.IsOpen)
        {
            var last = events[^1];
            if (!before.IsLow && after.IsLow)
                Add(EventTypes.BalanceLow, last.At, last.Sequence, EventPayloads.Balance(wallet.WalletId, after));
            if (!before.IsDepleted && after.IsDepleted)
                Add(EventTypes.Depleted, last.At, last.Sequence, EventPayloads.Balance(wallet.WalletId, after));
            if (before.IsLow && !after.IsLow && after.Threshold is not null)
                Add(EventTypes.BalanceRecovered, last.At, last.Sequence, EventPayloads.Balance(wallet.WalletId, after));
        }
        return announced ?? (IReadOnlyList<Announcement>)[];
    }
}
