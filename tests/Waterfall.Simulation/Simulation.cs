using System.Security.Cryptography;
using System.Text;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Wallets;

namespace Waterfall.Simulation;

/// <summary>What one seed did: its violations (none is a pass), and a digest of its trace to show a replay is exact.</summary>
/// <param name="TopUpsSettled">Top-ups settled, and <paramref name="TopUpsReversed"/> reversed, across the wallets.</param>
/// <param name="BoundariesClosed">The subscription's period boundaries closed; <paramref name="CreditRolledOver"/> how many rollovers carried credit.</param>
public sealed record SimulationResult(int Seed, int Steps, IReadOnlyList<string> Violations, string TraceDigest, int Acknowledged, int Faults,
    int TopUpsSettled = 0, int TopUpsReversed = 0, int BoundariesClosed = 0, int CreditRolledOver = 0)
{
    public bool Passed => Violations.Count == 0;
}

/// <summary>
/// One seeded run: clients send new and retried calls (duplicated, reordered, after lost answers), the store
/// lands, fails or loses the acknowledgement of each batch, the process crashes with batches in flight, a second
/// activation of the wallet writes beside the first, and the clock moves by seconds or jumps days across
/// expiries. After every step the journal's invariants hold; every answer was given only once durable; at the end
/// every acknowledged call is in the journal exactly once, and a retry of each answers as the first answer did.
/// </summary>
public sealed partial class Simulation
{
    private static readonly DateTimeOffset Epoch = new(2027, 1, 31, 23, 0, 0, TimeSpan.Zero);

    private readonly int _seed;
    private readonly Random _random;
    // One scheduler per process: a crash drops it with every turn still queued, as a killed process would.
    private SimulationScheduler _scheduler = new();
    private readonly SimulatedStore _store;
    private readonly Workload _workload;
    private readonly List<string> _trace = [];
    private readonly List<string> _violations = [];
    // Several wallets share the one store, so a batch that fails or tears takes appends of several with it.
    private readonly List<Lane> _lanes;
    private readonly List<(Lane Lane, Operation Operation)> _sent = [];
    private readonly Dictionary<string, DateTimeOffset> _sentAt = [];
    private readonly Dictionary<string, Answer> _acknowledged = [];
    private readonly List<Call> _calls = [];
    private DateTimeOffset _now = Epoch;
    private int _activations;
    private int _faults;
    private int _step;

    // A wallet remembers keys for 24 hours (WalletOptions): a retry later than that is a new request by design.
    private static readonly TimeSpan Retention = TimeSpan.FromHours(23);

    /// <summary>One wallet's activations and the holds its clients were answered with.</summary>
    private sealed class Lane(WalletKey key)
    {
        public WalletKey Key { get; } = key;
        public Task<SimulatedActivation>? Current { get; set; }
        public Task<SimulatedActivation>? Stale { get; set; }
        public bool CurrentHasTwin { get; set; }
        public List<(HoldId Hold, long Estimate)> Holds { get; } = [];

        // Idempotency keys are a wallet's own: two wallets may both be opened under "open".
        public string Id(Operation operation) => $"{Key.WalletId}/{operation.Key}";
    }

    private sealed record Call(Lane Lane, Operation Operation, Task<Answer> Answer, int Activation)
    {
        public long DecidedAt { get; set; } = -1;
    }

    public Simulation(int seed)
    {
        _seed = seed;
        _random = new Random(seed);
        _store = new SimulatedStore(maxAppendsInFlight: new[] { 1, 2, 4 }[_random.Next(3)], maxBatchEntries: new[] { 1, 3, 64 }[_random.Next(3)]);
        _workload = new Workload(_random);
        _lanes = [.. Enumerable.Range(1, _random.Next(2, 5)).Select(n => new Lane(new WalletKey("sim", $"wallet-{n}")))];
        StartSettlement();
        StartCycle();
    }

    public static SimulationResult Run(int seed, int steps) => new Simulation(seed).Execute(steps);

    public SimulationResult Execute(int steps)
    {
        // An await resumes on the current synchronization context before the task scheduler: a test runner's
        // context would move the simulated turns onto its threads. Without one, every turn runs here.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return Simulate(steps);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    private SimulationResult Simulate(int steps)
    {
        Trace($"seed {_seed}: {_store.MaxAppendsInFlight} appends in flight, {_lanes.Count} wallets");
        _store.Appended = batch => Trace($"append [{batch}]");
        foreach (var lane in _lanes) Send(lane, Workload.Open());
        for (_step = 1; _step <= steps && _violations.Count == 0; _step++)
        {
            Act();
            _scheduler.RunUntilIdle();
            Collect();
            CollectTickets();
            Check();
        }
        if (_violations.Count == 0) Finish();
        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', _trace))))[..16];
        var events = _lanes.SelectMany(l => _store.Events(l.Key)).ToList();
        return new SimulationResult(_seed, Math.Min(_step, steps), [.. _violations], digest, _acknowledged.Count, _faults + _settlementState.Faults + _cycleState.Faults,
            events.OfType<TopUpSettled>().Count(), events.OfType<TopUpReversed>().Count(), _cycleState.Read().LastClosed,
            events.OfType<GrantRolledOver>().Count(r => r.Carried > 0));
    }

    private void Act()
    {
        var pick = _random.Next(1260);
        var lane = _lanes[_random.Next(_lanes.Count)];
        if (pick < 300) Send(lane, _workload.Next(_now, lane.Holds));
        else if (pick < 420 && Retriable().ToList() is { Count: > 0 } retriable && retriable[_random.Next(retriable.Count)] is var again) Send(again.Lane, again.Operation, retry: true);
        else if (pick < 700) Land();
        else if (pick < 730) Crash();
        else if (pick < 760) SecondActivation(lane);
        else if (pick < 900) Advance(TimeSpan.FromSeconds(_random.Next(1, 300)));
        else if (pick < 930)
        {
            RemindersDuringJump();
            Advance(TimeSpan.FromHours(_random.Next(1, 72)));
        }
        else if (pick < 1000) TimerTick(lane);
        else if (pick < 1200) ActOnSettlement(pick - 1000);
        else ActOnCycle(pick - 1200);
    }

    /// <param name="byGrain">Sent by the settlement or the cycle: they repeat their own calls, a client never does.</param>
    private Task<Answer> Send(Lane lane, Operation operation, bool retry = false, bool byGrain = false)
    {
        if (!retry)
        {
            if (!byGrain) _sent.Add((lane, operation));
            _sentAt[lane.Id(operation)] = _now;
        }
        // A twin that deactivated (fenced, or found itself behind) takes no more calls: they reach the current activation.
        if (lane.Stale is { IsCompletedSuccessfully: true, Result.IsDead: true }) lane.Stale = null;
        var toStale = lane.Stale is { IsCompletedSuccessfully: true } && _random.Next(4) == 0;
        var activation = toStale ? lane.Stale! : Activation(lane);
        var number = activation.IsCompletedSuccessfully ? activation.Result.Number : _activations;
        Call call = null!;
        var answer = _scheduler.Run(async () =>
        {
            var a = await activation;
            return await a.Handle(operation, (_, sequence) => call.DecidedAt = sequence);
        });
        call = new Call(lane, operation, answer, number);
        _calls.Add(call);
        Trace($"{(retry ? "retry" : "send")} {operation} to {lane.Key.WalletId} activation {number}{(toStale ? " (stale)" : "")}");
        return answer;
    }

    private Task<SimulatedActivation> Activation(Lane lane)
    {
        if (lane.Current is null || lane.Current is { IsCompletedSuccessfully: true, Result.IsDead: true } || lane.Current.IsFaulted)
        {
            var number = ++_activations;
            lane.Current = _scheduler.Run(() => SimulatedActivation.ActivateAsync(_store, lane.Key, () => _now, number));
            lane.CurrentHasTwin = lane.Stale is not null;
            Trace($"activate {number} of {lane.Key.WalletId}");
        }
        return lane.Current;
    }

    private void Land()
    {
        var write = _random.Next(100) >= 6;
        var loseAck = write && _random.Next(100) < 5;
        if (_store.LandNext(write, loseAck) is { } landing)
        {
            if (landing != SimulatedStore.Landing.Durable) _faults++;
            Trace($"land: {landing}");
        }
    }

    private void Crash()
    {
        var landed = _random.Next(_store.Pending + 1);
        Trace($"crash: {landed} of {_store.Pending} waiting batches reach the disk");
        _calls.Clear(); // their process is gone: no answer reaches any client
        _store.Crash(landed);
        _scheduler = new SimulationScheduler();
        foreach (var lane in _lanes) (lane.Current, lane.Stale) = (null, null);
        HaltSettlement();
        HaltCycle();
        _submits.Clear();
        _faults++;
    }

    private void SecondActivation(Lane lane)
    {
        var number = ++_activations;
        lane.Stale = _scheduler.Run(() => SimulatedActivation.ActivateAsync(_store, lane.Key, () => _now, number));
        lane.CurrentHasTwin = true;
        Trace($"second activation {number} of {lane.Key.WalletId} beside the first");
        _faults++;
    }

    private void Advance(TimeSpan by)
    {
        _now += by;
        Trace($"clock +{by}");
    }

    private void TimerTick(Lane lane)
    {
        if (lane.Current is not { IsCompletedSuccessfully: true, Result: { IsDead: false } activation }) return;
        _ = _scheduler.Run(async () =>
        {
            try { await activation.Tick(); }
            catch (WalletUnavailable) { }
        });
        Trace("expiry timer");
    }

    /// <summary>Answers that arrived: each must rest only on durable state, and agree with any earlier answer under its key.</summary>
    private void Collect()
    {
        foreach (var call in _calls.Where(c => c.Answer.IsCompleted).ToList())
        {
            _calls.Remove(call);
            if (!call.Answer.IsCompletedSuccessfully) continue;
            var answer = call.Answer.Result;
            var lane = call.Lane;
            var id = lane.Id(call.Operation);
            var durable = _store.Events(lane.Key);
            if (durable.Count < call.DecidedAt)
                Violation($"{call.Operation} answered {answer} on sequence {call.DecidedAt}, but only {durable.Count} entries are durable");
            if (answer.Receipt is { } receipt)
            {
                if (receipt.Sequence > durable.Count || durable[(int)receipt.Sequence - 1] is not CommandEvent { } e || e.Key != call.Operation.Key)
                    Violation($"{call.Operation} answered {answer}, which is not the durable entry at that sequence");
                if (_acknowledged.TryGetValue(id, out var first) && first.Receipt is { } earlier && !Equals(earlier, receipt))
                    Violation($"{call.Operation} answered {answer} after {first}: one key, two results");
                if (receipt is HoldReceipt hold) lane.Holds.Add((hold.Hold, ((Domain.Charges.AmountCharge)((AuthorizeHold)call.Operation.Command).Estimate).Amount.Value));
            }
            if (!_acknowledged.ContainsKey(id) || answer.Receipt is not null) _acknowledged[id] = answer;
            Trace($"answer {call.Operation} from {lane.Key.WalletId}: {answer}");
        }
    }

    private void Check()
    {
        foreach (var lane in _lanes) Check(lane);
        foreach (var v in Invariants.AcrossWallets(_lanes.Select(l => (l.Key, _store.Events(l.Key))))) Violation(v);
        CheckSettlement();
        CheckCycle();
    }

    private void Check(Lane lane)
    {
        var events = _store.Events(lane.Key);
        var loaded = _store.LoadAsync(lane.Key).Result;
        try
        {
            foreach (var v in Invariants.OfJournal(lane.Key, events, loaded).ToList()) Violation($"{lane.Key.WalletId}: {v}");
        }
        catch (InvalidOperationException replay)
        {
            Violation($"the journal of {lane.Key.WalletId} does not replay: {replay.Message}");
        }
        // A twin may have written since this activation loaded: it is behind until its next write is fenced off.
        if (_store.Pending == 0 && !lane.CurrentHasTwin && lane.Current is { IsCompletedSuccessfully: true, Result: { IsDead: false } current } && _calls.Count == 0)
            foreach (var v in Invariants.OfActivation(current, events, lane.Key)) Violation(v);
    }

    /// <summary>Everything lands; then a fresh activation answers a retry of every acknowledged call as it was first answered.</summary>
    private void Finish()
    {
        SettleEverything();
        CloseEveryBoundary();
        for (var i = 0; i < 100_000 && (_store.Pending > 0 || _calls.Count > 0); i++)
        {
            _store.LandNext(write: true, loseAck: false);
            _scheduler.RunUntilIdle();
            Collect();
        }
        foreach (var call in _calls) Violation($"{call.Operation} was never answered");
        Check();
        foreach (var (lane, operation) in _sent.Where(s => _acknowledged.TryGetValue(s.Lane.Id(s.Operation), out var a) && a.Receipt is not null))
        {
            var answer = _acknowledged[lane.Id(operation)];
            if (_store.Events(lane.Key).OfType<CommandEvent>().Count(e => e.Key == operation.Key && e.Sequence == answer.Receipt!.Sequence) != 1)
                Violation($"acknowledged {lane.Id(operation)} ({answer}) is not in the journal exactly once");
        }

        foreach (var lane in _lanes) (lane.Current, lane.Stale) = (null, null);
        foreach (var (lane, operation) in Retriable().Where(s => _acknowledged.TryGetValue(s.Lane.Id(s.Operation), out var a) && a.Receipt is not null))
        {
            var retry = _scheduler.Run(async () => await (await Activation(lane)).Handle(operation, (_, _) => { }));
            _scheduler.RunUntilIdle();
            while (!retry.IsCompleted && _store.Pending > 0)
            {
                _store.LandNext(write: true, loseAck: false);
                _scheduler.RunUntilIdle();
            }
            var first = _acknowledged[lane.Id(operation)];
            if (!retry.IsCompletedSuccessfully || retry.Result.Receipt is not { } again || !Equals(again, first.Receipt))
                Violation($"a retry of {operation} after everything landed answered {(retry.IsCompletedSuccessfully ? retry.Result : retry.Exception?.GetBaseException().Message)}, first {first}");
        }
    }

    private IEnumerable<(Lane Lane, Operation Operation)> Retriable() => _sent.Where(s => _now - _sentAt[s.Lane.Id(s.Operation)] < Retention);

    private void Violation(string what)
    {
        _violations.Add($"step {_step}: {what}");
        Trace($"VIOLATION {what}");
    }

    private void Trace(string line) => _trace.Add($"{_step} {_now:O} {line}");

    /// <summary>The run's trace, for a failing seed's report.</summary>
    public IReadOnlyList<string> TraceLines => _trace;
}
