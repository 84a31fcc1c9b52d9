using Waterfall.Domain.Billing;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Subscriptions;
using Waterfall.Grains.Cycles;

namespace Waterfall.Simulation;

/// <summary>
/// The run's subscription: the first wallet is subscribed at the start to a plan whose period (daily or weekly,
/// anniversary or calendar) and rollover rule the seed picks, so the clock's jumps cross boundaries, sometimes
/// several at once. The cycle's reminder ticks now and then; its silo dies on its own or with the wallets'.
/// Every check is in <see cref="CycleInvariants"/>.
/// </summary>
public sealed partial class Simulation
{
    private const long PlanCredit = 5_000_000_000; // $5 a period

    private SimulatedGrainStorage<CycleState> _cycleState = null!;
    private Subscription _subscription = null!;
    private PlanVersion _plan = null!;
    private SimulatedCycle? _cycle;
    private int _cycles;
    private int _forgotten;

    private void StartCycle()
    {
        var period = new[]
        {
            new BillingPeriod(PeriodLength.Daily, PeriodAnchor.Anniversary, "UTC"),
            new BillingPeriod(PeriodLength.Daily, PeriodAnchor.Calendar, "UTC"),
            new BillingPeriod(PeriodLength.Weekly, PeriodAnchor.Calendar, "UTC"),
        }[_random.Next(3)];
        var rule = _random.Next(4) switch
        {
            0 => new RolloverRule(RolloverKind.All),
            1 => new RolloverRule(RolloverKind.All, MaxPeriods: _random.Next(1, 3)),
            2 => new RolloverRule(RolloverKind.Capped, Cap: PlanCredit / 10 * _random.Next(1, 15)),
            _ => new RolloverRule(RolloverKind.Capped, Cap: PlanCredit / 10 * _random.Next(1, 15), MaxPeriods: _random.Next(1, 3)),
        };
        var endOfPeriod = new GrantExpiry(GrantExpiryKind.EndOfPeriod);
        // Two lines: one that rolls over by the seed's rule, one whose remainder is breakage at every boundary.
        PlanGrant[] grants =
        [
            new("plan", GrantTiming.EveryPeriod, "promotional", "usd", PlanCredit, null, PlanScope.Any, endOfPeriod, rule),
            new("bonus", GrantTiming.EveryPeriod, "bonus", "usd", PlanCredit / 5, null, PlanScope.Any, endOfPeriod, RolloverRule.None),
        ];
        _plan = new PlanVersion(1, new PlanTerms("sim", BillingMode.Prepaid, 0, period, [], grants, WalletDefaults.None, []), Epoch);
        _subscription = new Subscription("s1", "sim-plan", 1, _lanes[0].Key.WalletId, SubscriptionStatus.Active,
            Epoch, Epoch, period.EndOf(Epoch, Epoch), null, null, "subscribe", Provisioned: true);
        _cycleState = new SimulatedGrainStorage<CycleState>(_random);
        Trace($"cycle: {period.Length} {period.Anchor} periods, plan credit rolls over {rule}");
    }

    /// <summary>The cycle's share of a step: 0 to 59 of the step's pick.</summary>
    private void ActOnCycle(int pick)
    {
        if (pick < 50) CycleReminder();
        else RestartCycle();
    }

    private void CycleReminder()
    {
        var cycle = Cycle();
        _ = _scheduler.Run(cycle.CatchUp);
        Trace("cycle reminder");
    }

    private SimulatedCycle Cycle()
    {
        if (_cycle is null)
        {
            var number = ++_cycles;
            _cycle = SimulatedCycle.Activate(_cycleState, _subscription, _plan, () => _now, CallCycleWallet, number);
            _cycle.Trace = Trace;
            Trace($"activate cycle {number}");
        }
        return _cycle;
    }

    private Task<Answer> CallCycleWallet(Operation operation) =>
        Send(_lanes[0], operation, retry: _sentAt.ContainsKey(_lanes[0].Id(operation)), byGrain: true);

    /// <summary>
    /// A jump of hours is time the service runs through, and the cycle's reminder ticks hourly in it: a boundary
    /// begun before the jump is finished (or repeated by a new activation) well inside the wallet's 24-hour key
    /// window, as in the service. Without this, a repeat days later is a new request to the wallet, which grants
    /// the period again (docs/simulation.md "What it found").
    /// </summary>
    private void RemindersDuringJump()
    {
        for (var round = 0; round < 10 && CycleBehind(); round++)
        {
            _cycleState.Calm = round >= 3;
            CycleReminder();
            _scheduler.RunUntilIdle();
            while (_store.Pending > 0)
            {
                _store.LandNext(write: true, loseAck: false);
                _scheduler.RunUntilIdle();
            }
            Collect();
        }
        _cycleState.Calm = false;
    }

    private bool CycleBehind() =>
        _cycleState.Read() is var state && (state.Subscription is null || state.LastClosed < BillingCycle.DueToClose(_plan.Terms.Period, Epoch, 0, _now).Count);

    private void RestartCycle()
    {
        HaltCycle();
        _faults++;
        Trace("cycle silo dies");
    }

    private void HaltCycle()
    {
        if (_cycle is null) return;
        _cycle.Halt();
        _forgotten += _cycle.Forgotten;
        _cycle = null;
    }

    private void CheckCycle()
    {
        foreach (var v in CycleInvariants.Always(_store.Events(_lanes[0].Key), _plan, _subscription)) Violation(v);
    }

    /// <summary>The faults stop; the reminder ticks and the store lands until every boundary that has passed is closed.</summary>
    private void CloseEveryBoundary()
    {
        _cycleState.Calm = true;
        var due = BillingCycle.DueToClose(_plan.Terms.Period, Epoch, 0, _now).Count;
        for (var i = 0; i < 200 && (_cycleState.Read() is var state && (state.Subscription is null || state.LastClosed < due)); i++)
        {
            CycleReminder();
            _scheduler.RunUntilIdle();
            while (_store.Pending > 0)
            {
                _store.LandNext(write: true, loseAck: false);
                _scheduler.RunUntilIdle();
            }
            Collect();
        }
        var stored = _cycleState.Read();
        Trace($"cycle: {stored.LastClosed} of {due} boundaries closed; {_forgotten + (_cycle?.Forgotten ?? 0)} rollovers found their grant forgotten");
        foreach (var v in CycleInvariants.AtTheEnd(_store.Events(_lanes[0].Key), _plan, _subscription, stored, due)) Violation(v);
    }
}
