using System.Security.Cryptography;
using System.Text;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Wallets;

namespace Waterfall.Simulation;

/// <summary>What one seed did: its violations (none is a pass), and a digest of its trace to show a replay is exact.</summary>
public sealed record SimulationResult(int Seed, int Steps, IReadOnlyList<string> Violations, string TraceDigest, int Acknowledged, int Faults)
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
public sealed class Simulation
{
    private static readonly DateTimeOffset Epoch = new(2027, 1, 31, 23, 0, 0, TimeSpan.Zero);
    private static readonly WalletKey Key = new("sim", "wallet");

    private readonly int _seed;
    private readonly Random _random;
    // One scheduler per process: a crash drops it with every turn still queued, as a killed process would.
    private SimulationScheduler _scheduler = new();
    private readonly SimulatedStore _store;
    private readonly Workload _workload;
    private readonly List<string> _trace = [];
    private readonly List<string> _violations = [];
    private readonly List<Operation> _sent = [];
    private readonly Dictionary<string, DateTimeOffset> _sentAt = [];
    private readonly Dictionary<string, Answer> _acknowledged = [];
    private readonly List<(HoldId Hold, long Estimate)> _holds = [];
    private readonly List<Call> _calls = [];
    private Task<SimulatedActivation>? _current;
    private Task<SimulatedActivation>? _stale;
    private DateTimeOffset _now = Epoch;
    private int _activations;
    private int _faults;
    private int _step;
    private bool _currentHasTwin;

    // A wallet remembers keys for 24 hours (WalletOptions): a retry later than that is a new request by design.
    private static readonly TimeSpan Retention = TimeSpan.FromHours(23);

    private sealed record Call(Operation Operation, Task<Answer> Answer, int Activation)
    {
        public long DecidedAt { get; set; } = -1;
    }

    public Simulation(int seed)
    {
        _seed = seed;
        _random = new Random(seed);
        _store = new SimulatedStore(maxAppendsInFlight: new[] { 1, 2, 4 }[_random.Next(3)], maxBatchEntries: new[] { 1, 3, 64 }[_random.Next(3)]);
        _workload = new Workload(_random);
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
        Trace($"seed {_seed}: {_store.MaxAppendsInFlight} appends in flight");
        _store.Appended = batch => Trace($"append [{batch}]");
        Send(Workload.Open());
        for (_step = 1; _step <= steps && _violations.Count == 0; _step++)
        {
            Act();
            _scheduler.RunUntilIdle();
            Collect();
            Check();
        }
        if (_violations.Count == 0) Finish();
        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', _trace))))[..16];
        return new SimulationResult(_seed, Math.Min(_step, steps), [.. _violations], digest, _acknowledged.Count, _faults);
    }

    private void Act()
    {
        var pick = _random.Next(1000);
        if (pick < 300) Send(_workload.Next(_now, _holds));
        else if (pick < 420 && Retriable().ToList() is { Count: > 0 } retriable) Send(retriable[_random.Next(retriable.Count)], retry: true);
        else if (pick < 700) Land();
        else if (pick < 730) Crash();
        else if (pick < 760) SecondActivation();
        else if (pick < 900) Advance(TimeSpan.FromSeconds(_random.Next(1, 300)));
        else if (pick < 930) Advance(TimeSpan.FromHours(_random.Next(1, 72)));
        else TimerTick();
    }

    private void Send(Operation operation, bool retry = false)
    {
        if (!retry)
        {
            _sent.Add(operation);
            _sentAt[operation.Key] = _now;
        }
        var toStale = _stale is { IsCompletedSuccessfully: true } && _random.Next(4) == 0;
        var activation = toStale ? _stale! : Activation();
        var number = activation.IsCompletedSuccessfully ? activation.Result.Number : _activations;
        Call call = null!;
        var answer = _scheduler.Run(async () =>
        {
            var a = await activation;
            return await a.Handle(operation, (_, sequence) => call.DecidedAt = sequence);
        });
        call = new Call(operation, answer, number);
        _calls.Add(call);
        Trace($"{(retry ? "retry" : "send")} {operation} to activation {number}{(toStale ? " (stale)" : "")}");
    }

    private Task<SimulatedActivation> Activation()
    {
        if (_current is null || _current is { IsCompletedSuccessfully: true, Result.IsDead: true } || _current.IsFaulted)
        {
            var number = ++_activations;
            _current = _scheduler.Run(() => SimulatedActivation.ActivateAsync(_store, Key, () => _now, number));
            _currentHasTwin = _stale is not null;
            Trace($"activate {number}");
        }
        return _current;
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
        (_current, _stale) = (null, null);
        _faults++;
    }

    private void SecondActivation()
    {
        var number = ++_activations;
        _stale = _scheduler.Run(() => SimulatedActivation.ActivateAsync(_store, Key, () => _now, number));
        _currentHasTwin = true;
        Trace($"second activation {number} beside the first");
        _faults++;
    }

    private void Advance(TimeSpan by)
    {
        _now += by;
        Trace($"clock +{by}");
    }

    private void TimerTick()
    {
        if (_current is not { IsCompletedSuccessfully: true, Result: { IsDead: false } activation }) return;
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
            var durable = _store.Events(Key);
            if (durable.Count < call.DecidedAt)
                Violation($"{call.Operation} answered {answer} on sequence {call.DecidedAt}, but only {durable.Count} entries are durable");
            if (answer.Receipt is { } receipt)
            {
                if (receipt.Sequence > durable.Count || durable[(int)receipt.Sequence - 1] is not CommandEvent { } e || e.Key != call.Operation.Key)
                    Violation($"{call.Operation} answered {answer}, which is not the durable entry at that sequence");
                if (_acknowledged.TryGetValue(call.Operation.Key, out var first) && first.Receipt is { } earlier && !Equals(earlier, receipt))
                    Violation($"{call.Operation} answered {answer} after {first}: one key, two results");
                if (receipt is HoldReceipt hold) _holds.Add((hold.Hold, ((Domain.Charges.AmountCharge)((AuthorizeHold)call.Operation.Command).Estimate).Amount.Value));
            }
            if (!_acknowledged.ContainsKey(call.Operation.Key) || answer.Receipt is not null) _acknowledged[call.Operation.Key] = answer;
            Trace($"answer {call.Operation}: {answer}");
        }
    }

    private void Check()
    {
        var events = _store.Events(Key);
        var loaded = _store.LoadAsync(Key).Result;
        try
        {
            foreach (var v in Invariants.OfJournal(Key, events, loaded).ToList()) Violation(v);
        }
        catch (InvalidOperationException replay)
        {
            Violation($"the journal does not replay: {replay.Message}");
        }
        // A twin may have written since this activation loaded: it is behind until its next write is fenced off.
        if (_store.Pending == 0 && !_currentHasTwin && _current is { IsCompletedSuccessfully: true, Result: { IsDead: false } current } && _calls.Count == 0)
            foreach (var v in Invariants.OfActivation(current, events, Key)) Violation(v);
    }

    /// <summary>Everything lands; then a fresh activation answers a retry of every acknowledged call as it was first answered.</summary>
    private void Finish()
    {
        for (var i = 0; i < 100_000 && (_store.Pending > 0 || _calls.Count > 0); i++)
        {
            _store.LandNext(write: true, loseAck: false);
            _scheduler.RunUntilIdle();
            Collect();
        }
        foreach (var call in _calls) Violation($"{call.Operation} was never answered");
        Check();
        var journal = _store.Events(Key);
        foreach (var (key, answer) in _acknowledged.Where(a => a.Value.Receipt is not null))
            if (journal.OfType<CommandEvent>().Count(e => e.Key == key && e.Sequence == answer.Receipt!.Sequence) != 1)
                Violation($"acknowledged {key} ({answer}) is not in the journal exactly once");

        (_current, _stale) = (null, null);
        foreach (var operation in Retriable().Where(o => _acknowledged.TryGetValue(o.Key, out var a) && a.Receipt is not null))
        {
            var retry = _scheduler.Run(async () => await (await Activation()).Handle(operation, (_, _) => { }));
            _scheduler.RunUntilIdle();
            while (!retry.IsCompleted && _store.Pending > 0)
            {
                _store.LandNext(write: true, loseAck: false);
                _scheduler.RunUntilIdle();
            }
            var first = _acknowledged[operation.Key];
            if (!retry.IsCompletedSuccessfully || retry.Result.Receipt is not { } again || !Equals(again, first.Receipt))
                Violation($"a retry of {operation} after everything landed answered {(retry.IsCompletedSuccessfully ? retry.Result : retry.Exception?.GetBaseException().Message)}, first {first}");
        }
    }

    private IEnumerable<Operation> Retriable() => _sent.Where(o => _now - _sentAt[o.Key] < Retention);

    private void Violation(string what)
    {
        _violations.Add($"step {_step}: {what}");
        Trace($"VIOLATION {what}");
    }

    private void Trace(string line) => _trace.Add($"{_step} {_now:O} {line}");

    /// <summary>The run's trace, for a failing seed's report.</summary>
    public IReadOnlyList<string> TraceLines => _trace;
}
