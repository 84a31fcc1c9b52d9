using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Subscriptions;
using Waterfall.Domain.Wallets;
using Waterfall.Grains.Cycles;
using RolloverReceipt = Waterfall.Domain.Wallets.RolloverReceipt;

namespace Waterfall.Simulation;

/// <summary>
/// One activation of a subscription's cycle grain, a transcription of <c>SubscriptionCycleGrain</c>'s boundary
/// path: at each boundary that has passed, oldest first, it rolls the expiring grants of each plan line on by
/// the line's <see cref="RolloverRule"/> (the domain's <see cref="RolloverBudget"/>, youngest credit first),
/// grants the next period's credits, and stores the boundary as done only after all of them. Every wallet call
/// carries the domain's key naming subscription and period, so a boundary repeated after a crash or a failed
/// state write changes nothing done already. Invoices and renewals (other grains) are left out: what is
/// simulated is what a boundary does to the wallet's grants.
/// </summary>
internal sealed class SimulatedCycle
{
    private readonly SimulatedGrainStorage<CycleState> _storage;
    private readonly Subscription _subscription;
    private readonly PlanVersion _version;
    private readonly Func<DateTimeOffset> _now;
    private readonly Func<Operation, Task<Answer>> _wallet;
    private CycleState _cycle = new();
    private bool _busy;
    private bool _halted;

    private SimulatedCycle(SimulatedGrainStorage<CycleState> storage, Subscription subscription, PlanVersion version,
        Func<DateTimeOffset> now, Func<Operation, Task<Answer>> wallet, int number) =>
        (_storage, _subscription, _version, _now, _wallet, Number) = (storage, subscription, version, now, wallet, number);

    public int Number { get; }

    /// <summary>
    /// Plants the old bug (<c>tests/simulate --plant-cycle-keeps-memory</c>): a failed tick keeps its memory, as
    /// <c>SubscriptionCycleGrain</c> did before it re-read its state after a failed write.
    /// </summary>
    public static bool PlantKeepsMemoryAfterFailedTick { get; set; }

    public Action<string> Trace { get; set; } = _ => { };

    /// <summary>Rollovers the wallet refused because it no longer remembers the source grant (its remainder stays breakage).</summary>
    public int Forgotten { get; private set; }

    public static SimulatedCycle Activate(SimulatedGrainStorage<CycleState> storage, Subscription subscription, PlanVersion version,
        Func<DateTimeOffset> now, Func<Operation, Task<Answer>> wallet, int number) =>
        new(storage, subscription, version, now, wallet, number) { _cycle = storage.Read() };

    /// <summary>Its silo died: nothing it has not done yet will happen.</summary>
    public void Halt() => _halted = true;

    /// <summary>The boundary reminder: starts the subscription if it has not, then closes every boundary that has passed.</summary>
    public async Task CatchUp()
    {
        if (_busy || _halted) return;
        _busy = true;
        try
        {
            if (_cycle.Subscription is null) await Start();
            foreach (var span in BillingCycle.DueToClose(_version.Terms.Period, _subscription.StartedAt, _cycle.LastClosed, _now()))
                await CloseBoundary(span);
        }
        catch (Exception ex)
        {
            Trace($"cycle {Number}: catch-up failed ({ex.GetBaseException().Message})");
            // As the grain's Store(): memory that a failed state write left ahead of storage is read back, so the next
            // tick repeats the boundary at once, inside the wallet's key window (docs/simulation.md "What it found").
            // The grain changes its state only where it writes it, so re-reading after any failure is the same.
            if (!PlantKeepsMemoryAfterFailedTick && !_halted) _cycle = _storage.Read();
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>
    /// What subscribing does to the cycle: opens the wallet (the client's own open, so it replays if that landed)
    /// and makes period 1's grants, as the customer grain does in the service; then the cycle is stored as started.
    /// </summary>
    private async Task Start()
    {
        await Wallet(Workload.Open());
        var first = BillingCycle.First(_version.Terms.Period, _subscription.StartedAt);
        var lines = new List<LineGrant>();
        foreach (var planGrant in _version.Terms.Grants.Where(g => g.Timing == GrantTiming.EveryPeriod))
        {
            var grant = SubscriptionProvisioning.Provisioned(_subscription, _version, planGrant, 1, first.Start, first.End);
            lines.Add(new LineGrant(planGrant.Id, await Grant(grant.IdempotencyKey, grant.Terms), 0, grant.Terms.ExpiresAt));
        }
        _cycle.Subscription = _subscription;
        _cycle.Lines = lines;
        Save();
        Trace($"cycle {Number}: started, period 1 ends {first.End:O}");
    }

    private async Task CloseBoundary(PeriodSpan span)
    {
        var next = BillingCycle.Next(_version.Terms.Period, _subscription.StartedAt, span);
        var lines = new List<LineGrant>();
        var rollovers = new List<BoundaryRollover>();
        foreach (var line in _cycle.Lines.GroupBy(l => l.PlanGrantId))
        {
            var expiring = line.Where(l => l.ExpiresAt is { } at && at <= span.End).ToList();
            lines.AddRange(line.Except(expiring));
            var rule = _version.Terms.Grants.FirstOrDefault(g => g.Id == line.Key)?.Rollover ?? RolloverRule.None;
            if (rule.Kind == RolloverKind.None) continue; // what expired stays breakage
            var budget = new RolloverBudget(rule);
            foreach (var source in budget.Order(expiring, l => l.Age))
            {
                var command = new RollOverGrant(BillingCycle.RolloverKey(_subscription, span.Number, line.Key, source.GrantId),
                    new GrantId(source.GrantId), budget.MaxCarry(source.Age), next.End);
                var rolled = await Wallet(new Operation(command, (w, at) => Answer.Of(w.RollOver(command, at))));
                if (rolled.Refusal is { Reason: CycleReasons.GrantNotFound })
                {
                    Forgotten++;
                    Trace($"cycle {Number}: the wallet no longer knows {source.GrantId}: its remainder stays breakage");
                    continue;
                }
                var receipt = rolled.Receipt as RolloverReceipt ?? throw Failed("roll over", rolled);
                budget.Take(receipt.Carried);
                rollovers.Add(new BoundaryRollover(line.Key, source.GrantId, receipt.Remainder, receipt.Carried, receipt.Carry?.Value));
                if (receipt.Carry is { } carry) lines.Add(new LineGrant(line.Key, carry.Value, source.Age + 1, next.End));
            }
        }

        var made = new List<string>();
        foreach (var grant in BillingCycle.PeriodGrants(_subscription, _version, next))
        {
            var id = await Grant(grant.IdempotencyKey, grant.Terms);
            lines.Add(new LineGrant(grant.PlanGrantId, id, 0, grant.Terms.ExpiresAt));
            made.Add(id);
        }

        _cycle.LastClosed = span.Number;
        _cycle.Lines = lines;
        _cycle.Boundaries.Add(new BoundaryRecord(span, "", [.. rollovers], [.. made], _now()));
        Save();
        Trace($"cycle {Number}: closed period {span.Number} at {span.End:O}: {string.Join(", ", rollovers.Select(r => $"{r.Source} carries {r.Carried} of {r.Remainder}"))}");
    }

    private async Task<string> Grant(string key, GrantTerms terms)
    {
        var command = new GrantCredits(key, terms, new Attribution(CustomerId: "sim-customer"));
        var granted = await Wallet(new Operation(command, (w, at) => Answer.Of(w.GrantCredits(command, at))));
        return (granted.Receipt as GrantReceipt ?? throw Failed("grant", granted)).Grant.Value;
    }

    // The grain writes its state in memory first; a failed write leaves memory ahead of storage, and a repeat of
    // the boundary by a later activation is what the keys make harmless.
    private void Save()
    {
        Alive();
        _storage.Write(_cycle);
    }

    private Task<Answer> Wallet(Operation operation)
    {
        Alive();
        return _wallet(operation);
    }

    private void Alive()
    {
        if (_halted) throw new InvalidOperationException("the cycle's silo is gone");
    }

    private InvalidOperationException Failed(string step, Answer answer) =>
        new($"could not {step} at period {_cycle.LastClosed + 1}: {answer.Refusal?.Reason} {answer.Refusal?.Message}");
}
