using Microsoft.Extensions.DependencyInjection;
using Waterfall.Domain.Events;
using D = Waterfall.Domain.Wallets;

namespace Waterfall.Grains;

/// <summary>
/// What the wallet announces (docs/events.md): derived in the same turn as the decision, from the
/// balance before and after it, and written with the change's entries so the outbox and the ledger
/// never disagree. Events are rare (crossings, expiries, top-ups), so most writes carry none.
/// </summary>
public sealed partial class WalletGrain
{
    private IAnnouncementListener? _listener;

    /// <summary>
    /// Hands the change to the journal with the events it announces; the task completes when it is durable,
    /// and then the events module is told there is something new to deliver. Call it right after deciding, in the same turn.
    /// </summary>
    private Task WriteAnnounced(BalanceState before, IReadOnlyList<D.WalletEvent> expired, IReadOnlyList<D.WalletEvent> decided, D.Receipt? receipt,
        IReadOnlyList<D.Receipt>? receipts = null)
    {
        var announced = Announce(before, expired, decided);
        var write = _writer.Append(expired, decided, receipt, announced, receipts);
        var overage = AccruesOverage(decided);
        var pulls = expired.Count == 0 ? PullsOf(decided) : PullsOf([.. expired, .. decided]);
        return announced is null && !overage && pulls is null ? write : NotifyWhenDurable(write, announced is not null, overage, pulls);
    }

    private async Task NotifyWhenDurable(Task write, bool announced, bool overage, IReadOnlyList<Domain.Settlement.AllowancePull>? pulls)
    {
        await write;
        if (announced) Listener.Announced(_wallet.Key.TenantId);
        if (overage) NoteOverage();
        if (pulls is not null) await SubmitPulls(pulls);
    }

    private IReadOnlyList<Announcement>? Announce(BalanceState before, IReadOnlyList<D.WalletEvent> expired, IReadOnlyList<D.WalletEvent> decided)
    {
        if (expired.Count + decided.Count == 0) return null;
        IReadOnlyList<D.WalletEvent> events = expired.Count == 0 ? decided : decided.Count == 0 ? expired : [.. expired, .. decided];
        var announced = WalletAnnouncements.Derive(_wallet.Key, _wallet.Settings.CustomerId, before, _wallet.Observe(), events);
        return announced.Count == 0 ? null : announced;
    }

    private IAnnouncementListener Listener => _listener ??= ServiceProvider.GetService<IAnnouncementListener>() ?? IAnnouncementListener.None;
}
