using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waterfall.Contracts;
using Waterfall.Contracts.Billing;
using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Invoices;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Subscriptions;
using Waterfall.Grains.Billing;
using Waterfall.Ledger;
using D = Waterfall.Domain;

namespace Waterfall.Grains.Cycles;

/// <summary>
/// Drives one subscription through its periods. At each boundary, oldest first: closes the period (its
/// invoice, built from the wallet's journal, issued and posted), rolls the expiring per-period grants on
/// by their rule, and grants the next period's credits. Every wallet call carries a key naming the
/// subscription and the period, and the boundary is stored as done only after all of them: a crash
/// anywhere repeats the boundary, and the repeat changes nothing that was already done.
/// </summary>
public sealed partial class SubscriptionCycleGrain(
    [PersistentState("cycle")] IPersistentState<CycleState> state,
    WalletClock clock,
    ILedgerReader ledger,
    IOptions<CycleOptions> options,
    ILogger<SubscriptionCycleGrain> logger) : Grain, ISubscriptionCycleGrain, IRemindable
{
    internal const string BoundaryReminder = "period-boundary";

    private string _tenantId = "";
    private string _customerId = "";
    private PeriodSpan? _current;
    private readonly GrantDirectory _grants = new();
    private DateTimeOffset _grantsKnownTo = DateTimeOffset.MinValue;

    private CycleState Cycle => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var parts = this.GetPrimaryKeyString().Split('/', 3);
        (_tenantId, _customerId) = (parts[0], parts[1]);
        return Task.CompletedTask;
    }

    public async Task Start(Subscription subscription, LineGrant[] firstPeriod)
    {
        if (Cycle.Subscription is null)
        {
            Cycle.Subscription = subscription;
            Cycle.Lines = [.. firstPeriod];
            await Store();
        }
        await Arm();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == BoundaryReminder) await CatchUp();
    }

    public async Task<CycleView> CatchUp()
    {
        if (Cycle.Subscription is { } started && !Cycle.Ended)
        {
            var version = await Version(started);
            foreach (var span in BillingCycle.DueToClose(version.Terms.Period, started.StartedAt, Cycle.LastClosed, clock.Now))
            {
                await CloseBoundary(span);
                if (Cycle.Ended) break;
            }
        }
        await Arm();
        return View();
    }

    public Task<CycleView> Get() => Task.FromResult(View());

    private async Task CloseBoundary(PeriodSpan span)
    {
        var started = Cycle.Subscription!;
        var current = await Closing(started, span);
        var version = await Version(current);
        var next = BillingCycle.Next((await Version(started)).Terms.Period, started.StartedAt, span);

        var invoice = await CloseInvoice(current, version, span);
        var renewal = await GrainFactory.Customer(_tenantId, _customerId).Renew(started.Id, span, next);
        var renewed = renewal.Receipt ?? throw Failed("renew the subscription", renewal.Refusal);
        var ends = renewed.Status == SubscriptionStatus.Canceled;
        var lines = new List<LineGrant>();
        var rollovers = new List<BoundaryRollover>();
        foreach (var line in Cycle.Lines.GroupBy(l => l.PlanGrantId))
        {
            var expiring = line.Where(l => l.ExpiresAt is { } at && at <= span.End).ToList();
            lines.AddRange(line.Except(expiring));
            var rule = version.Terms.Grants.FirstOrDefault(g => g.Id == line.Key)?.Rollover ?? RolloverRule.None;
            if (ends || rule.Kind == RolloverKind.None) continue; // what expired stays breakage
            var budget = new RolloverBudget(rule);
            foreach (var source in budget.Order(expiring, l => l.Age))
            {
                var rolled = await GrainFactory.WalletCycles(_tenantId, current.WalletId).RollOverGrant(
                    BillingCycle.RolloverKey(current, span.Number, line.Key, source.GrantId), source.GrantId, budget.MaxCarry(source.Age), next.End);
                if (rolled.Refusal is { Reason: CycleReasons.GrantNotFound })
                {
                    LogForgottenGrant(logger, current.WalletId, source.GrantId);
                    continue;
                }
                var receipt = rolled.Receipt ?? throw Failed("roll over", rolled.Refusal);
                budget.Take(receipt.Carried);
                rollovers.Add(new BoundaryRollover(line.Key, source.GrantId, receipt.Remainder, receipt.Carried, receipt.Carry));
                if (receipt.Carry is { } carry) lines.Add(new LineGrant(line.Key, carry, source.Age + 1, next.End));
            }
        }

        var made = new List<string>();
        if (ends && version.Terms.OnCancel == UnusedCredits.Forfeit) await Forfeit(current, span);
        if (ends) await StopInvoiceRefills(current, span);
        if (!ends)
        {
            var wallet = GrainFactory.Wallet(_tenantId, current.WalletId);
            var opening = await Opening(current, renewed);
            var recorded = await GrainFactory.WalletCycles(_tenantId, current.WalletId).RecordRenewal(
                BillingCycle.RenewalKey(renewed, span.Number), renewed.Id, renewed.PlanId, renewed.PlanVersion, next, invoice.Id);
            if (recorded.Refusal is { } notRecorded) throw Failed("record the renewal", notRecorded);
            foreach (var grant in BillingCycle.PeriodGrants(renewed, opening, next))
            {
                var granted = await wallet.Grant(new GrantCredits(grant.IdempotencyKey, grant.Terms.ToContract(), new Contracts.Attribution(CustomerId: _customerId)));
                var receipt = granted.Receipt ?? throw Failed("grant", granted.Refusal);
                lines.Add(new LineGrant(grant.PlanGrantId, receipt.Grant, 0, grant.Terms.ExpiresAt));
                made.Add(receipt.Grant);
            }
        }

        Cycle.LastClosed = span.Number;
        Cycle.Lines = lines;
        Cycle.Boundaries.Add(new BoundaryRecord(span, invoice.Id, [.. rollovers], [.. made], clock.Now));
        Cycle.Ended = ends;
        Cycle.Closing = null;
        await Store();
    }

    /// <summary>
    /// The subscription as it stands in the period being closed: the customer's (a plan changed at once, or a
    /// cancel, counts from this boundary), or, if the customer's has already moved past it (a crash after that
    /// step), the one stored before. Stored before anything is done, for that repeat.
    /// </summary>
    private async Task<Subscription> Closing(Subscription started, PeriodSpan span)
    {
        var read = (await GrainFactory.Customer(_tenantId, _customerId).Get()).Receipt?.Customer.FindSubscription(started.Id) ?? started;
        var closing = read.Period > span.Number && Cycle.Closing is { } stored ? stored : read;
        if (Cycle.Closing != closing)
        {
            Cycle.Closing = closing;
            await Store();
        }
        return closing;
    }

    /// <summary>The plan says <c>on_cancel = forfeit</c>: the subscription's unused plan credits become breakage at the boundary it ended at.</summary>
    private async Task Forfeit(Subscription subscription, PeriodSpan span)
    {
        var forfeited = await GrainFactory.WalletCycles(_tenantId, subscription.WalletId)
            .ForfeitPlanCredits(BillingCycle.ForfeitKey(subscription, span.Number), span.End);
        if (forfeited.Refusal is { } refused) throw Failed("forfeit the plan's credits", refused);
    }

    /// <summary>
    /// The version the next period runs on. A plan change that takes effect at this boundary puts its
    /// billing mode and policy on the wallet and gives its on-subscribe grants (each keyed by version: once).
    /// </summary>
    private async Task<PlanVersion> Opening(Subscription closing, Subscription renewed)
    {
        if (closing.PlanId == renewed.PlanId && closing.PlanVersion == renewed.PlanVersion) return await Version(closing);
        var version = await Version(renewed);
        var applied = await new SubscriptionProvisioner(GrainFactory, _tenantId, _customerId)
            .Apply(renewed, version, SubscriptionProvisioning.OnChange(renewed, version, renewed.PeriodStart));
        if (applied.Refusal is { } refused) throw Failed("apply the plan change", refused);
        return version;
    }

    /// <summary>Builds the period's invoice from the wallet's journal (less what its interim invoices billed) and has the book issue it.</summary>
    private async Task<Invoice> CloseInvoice(Subscription subscription, PlanVersion version, PeriodSpan span)
    {
        var usage = await Usage(subscription, span);
        var draft = InvoiceBuilder.Build(Subject(subscription, version), usage, clock.Now, await Interim(subscription, span));
        var closed = await GrainFactory.InvoiceBook(_tenantId).Close(draft);
        return closed.Receipt ?? throw Failed("close the invoice", closed.Refusal);
    }

    private async Task<PlanVersion> Version(Subscription subscription)
    {
        var found = await GrainFactory.Plan(_tenantId, subscription.PlanId).Subscribable(subscription.PlanVersion);
        return found.Receipt ?? throw Failed("find the plan version", found.Refusal);
    }

    /// <summary>Sets the reminder for the next boundary, ticking at least every <see cref="CycleOptions.ReminderPeriod"/>; drops it once the cycle ended.</summary>
    private async Task Arm()
    {
        if (Cycle.Subscription is not { } started) return;
        if (Cycle.Ended)
        {
            if (await this.GetReminder(BoundaryReminder) is { } reminder) await this.UnregisterReminder(reminder);
            return;
        }
        var period = options.Value.ReminderPeriod;
        var version = await Version(started);
        _current = BillingCycle.Nth(version.Terms.Period, started.StartedAt, Cycle.LastClosed + 1);
        var due = _current.End - clock.Now;
        await this.RegisterOrUpdateReminder(BoundaryReminder, due < TimeSpan.Zero ? TimeSpan.Zero : due > period ? period : due, period);
    }

    /// <summary>
    /// Stores what memory holds. A write that failed leaves memory ahead of storage (a boundary closed in memory
    /// only): memory is read back from storage, so the next tick repeats the boundary at once, well inside the
    /// wallet's key window, instead of a later activation repeating it after the wallet forgot its keys.
    /// </summary>
    private async Task Store()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            try { await state.ReadStateAsync(); }
            catch { DeactivateOnIdle(); } // storage unreadable too: a fresh activation reads it
            throw;
        }
    }

    private CycleView View() =>
        new(Cycle.Subscription is not null, Cycle.LastClosed, Cycle.Ended ? null : _current, [.. Cycle.Lines], [.. Cycle.Boundaries], Cycle.Ended);

    private InvalidOperationException Failed(string step, Refusal? refusal) =>
        new($"Subscription cycle {this.GetPrimaryKeyString()} could not {step} at period {Cycle.LastClosed + 1}: {refusal?.Reason} {refusal?.Message}; the next tick tries again.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wallet {Wallet} no longer knows grant {Grant}: its remainder stays breakage")]
    private static partial void LogForgottenGrant(ILogger logger, string wallet, string grant);
}
