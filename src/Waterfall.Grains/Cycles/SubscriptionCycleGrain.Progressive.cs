using Waterfall.Contracts;
using Waterfall.Contracts.Billing;
using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Invoices;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Subscriptions;
using D = Waterfall.Domain;

namespace Waterfall.Grains.Cycles;

/// <summary>Progressive billing (docs/billing.md): interim invoices for a running period's overage, and the period's usage read from the journal.</summary>
public sealed partial class SubscriptionCycleGrain
{
    public Task OverageAccrued() => BillProgressive();

    public async Task<Invoice?> BillProgressive()
    {
        if (Cycle.Subscription is not { } started || Cycle.Ended) return null;
        var current = (await GrainFactory.Customer(_tenantId, _customerId).Get()).Receipt?.Customer.FindSubscription(started.Id) ?? started;
        var version = await Version(current);
        var threshold = version.Terms.ProgressiveThreshold;
        if (threshold <= 0) return null;
        var span = BillingCycle.Nth((await Version(started)).Terms.Period, started.StartedAt, Cycle.LastClosed + 1);
        // A boundary that is due closes the period instead: its closing invoice bills what is left.
        if (!span.Contains(clock.Now)) return null;
        var wallet = (await GrainFactory.Wallet(_tenantId, current.WalletId).Get()).Receipt;
        if (wallet is null || !Progressive.IsDue(threshold, wallet.AccruedOverage)) return null;

        var draft = InvoiceBuilder.BuildInterim(Subject(current, version), await Usage(current, span), await Interim(current, span), clock.Now);
        var issued = await GrainFactory.InvoiceBook(_tenantId).Close(draft);
        return issued.Receipt ?? throw Failed("issue an interim invoice", issued.Refusal);
    }

    private InvoiceSubject Subject(Subscription subscription, PlanVersion version) =>
        new(_customerId, subscription.Id, subscription.WalletId, subscription.PlanId, version);

    /// <summary>
    /// The period's usage, folded from the wallet's journal between the period's start and end. Usage is priced
    /// by grants the wallet may have received in any earlier period, so the activation keeps the grants it has
    /// learned and the time it learned them to: each read covers the journal since an hour before the last period
    /// it read, and the period's own events. A fresh activation learns them once from the journal's start.
    /// </summary>
    private async Task<PeriodUsage> Usage(Subscription subscription, PeriodSpan span)
    {
        var wallet = new D.Wallets.WalletKey(_tenantId, subscription.WalletId);
        if (_grantsKnownTo < span.Start)
        {
            await foreach (var stored in ledger.ReadWalletAsync(wallet, _grantsKnownTo, span.Start)) _grants.Observe(stored.Event);
            // An entry decided just before a boundary may be durable only after a read there: read it again next time.
            if (span.Start - JournalTime.SettlesWithin > _grantsKnownTo) _grantsKnownTo = span.Start - JournalTime.SettlesWithin;
        }
        var usage = new PeriodUsage(span);
        await foreach (var stored in ledger.ReadWalletAsync(wallet, span.Start, span.End))
        {
            _grants.Observe(stored.Event);
            usage.Add(stored.Event, _grants);
        }
        return usage;
    }

    /// <summary>The period's interim invoices so far.</summary>
    private async Task<Invoice[]> Interim(Subscription subscription, PeriodSpan span) =>
        [.. (await GrainFactory.InvoiceBook(_tenantId).List(_customerId))
            .Where(i => i.SubscriptionId == subscription.Id && i.Period.Number == span.Number && i.Interim > 0)
            .OrderBy(i => i.Interim)];
}
