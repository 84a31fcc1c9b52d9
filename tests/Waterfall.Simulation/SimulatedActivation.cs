using Waterfall.Domain;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Wallets;
using Waterfall.Grains;
using Waterfall.Ledger;

namespace Waterfall.Simulation;

/// <summary>
/// One activation of a wallet, doing what <c>WalletGrain</c> does around the domain: it loads from the journal,
/// decides synchronously (expiries first, then the command), hands the events to the real
/// <see cref="JournalWriter"/>, answers only once they are durable, confirms a refusal against the journal's head,
/// and is dropped after a failed write or when it finds itself behind (the next activation reloads). Calls run on the simulation's scheduler one turn at a time, as a grain's do.
/// </summary>
internal sealed class SimulatedActivation
{
    private const long SnapshotInterval = 16;

    private readonly SimulatedStore _store;
    private readonly Func<DateTimeOffset> _now;
    private Wallet _wallet = null!;
    private JournalWriter _writer = null!;
    private KeyTableReader _keyTable = null!;
    private long _snapshotSequence;

    private SimulatedActivation(SimulatedStore store, Func<DateTimeOffset> now, int number) => (_store, _now, Number) = (store, now, number);

    public int Number { get; }

    /// <summary>Its writer failed, or it found itself behind the journal: it deactivates, so it takes no more calls.</summary>
    public bool IsDead { get; private set; }

    /// <summary>The wallet's sequence in this activation's memory (durable or on its way).</summary>
    public long Sequence => _wallet.Sequence;

    public Wallet Wallet => _wallet;

    public static async Task<SimulatedActivation> ActivateAsync(SimulatedStore store, WalletKey key, Func<DateTimeOffset> now, int number)
    {
        var activation = new SimulatedActivation(store, now, number);
        var history = await store.LoadAsync(key);
        activation._wallet = history.Restore(key);
        activation._snapshotSequence = history.Snapshot?.Sequence ?? 0;
        activation._writer = new JournalWriter(store, key);
        activation._keyTable = new KeyTableReader(store, key);
        return activation;
    }

    /// <summary>A client's call; the task fails as the grain's call would when the change could not be made durable.</summary>
    public async Task<Answer> Handle(Operation operation, Action<Answer, long> decided)
    {
        if (_writer.Failure is not null) await Durable(_writer.WhenDurable());
        if (await RecallForgottenKey(operation.Command) is { } recalled) return recalled;
        var now = _now();
        var expired = _wallet.Tick(now);
        var answer = operation.Decide(_wallet, now);
        var decidedAt = _wallet.Sequence;
        decided(answer, decidedAt);
        await Durable(_writer.Append(expired, answer.Events, answer.Receipt));
        SnapshotIfDue();
        if (answer.Refusal is { } refused && !AnswersFromMemory && !WalletGrain.AnswersFromMemory(refused.Reason)) await ConfirmCurrent(decidedAt);
        return answer;
    }

    /// <summary>
    /// Models the grain before it confirmed a refusal against the journal's head: a stale twin answered every refusal
    /// from memory (<c>tests/simulate --plant-twins-answer-from-memory</c>, docs/simulation.md "What it found").
    /// </summary>
    internal static bool AnswersFromMemory { get; set; }

    /// <summary>As <c>WalletGrain.ConfirmCurrent</c>: another activation wrote past what the refusal was decided on, so this one steps aside.</summary>
    private async Task ConfirmCurrent(long decidedAt)
    {
        var head = await _store.ReadHeadSequenceAsync(_wallet.Key);
        if (head <= decidedAt) return;
        if (head <= _wallet.Sequence)
        {
            await Durable(_writer.WhenDurable());
            return;
        }
        IsDead = true;
        throw new WalletUnavailable(new InvalidOperationException($"behind the journal (at {_wallet.Sequence}, the journal at {head})"));
    }

    /// <summary>What the expiry timer does: posts the deadlines that have passed.</summary>
    public Task Tick() => Durable(_writer.Append(_wallet.Tick(_now()), [], null));

    private async Task<Answer?> RecallForgottenKey(WalletCommand command)
    {
        if (_wallet.Idempotency.TryGet(command.Operation, command.IdempotencyKey, out var remembered))
        {
            if (remembered.Receipt is not null || remembered.Fingerprint != command.Fingerprint()) return null;
            await Durable(_writer.WhenDurable());
        }
        else if (!_wallet.Idempotency.MayHaveForgotten(command.IdempotencyKey)) return null;
        var records = (await _keyTable.Read([command.IdempotencyKey]))[command.IdempotencyKey].ToList();
        var record = records.FirstOrDefault(r => r.Operation == command.Operation);
        if (record is null)
            return records.FirstOrDefault(r => !KeyScope.SharesKeys(r.Operation, command.Operation)) is { } other
                ? new Answer(null, Wallet.KeyUsedForOtherOperation(command, other.Operation), false, [])
                : null;
        return record.Fingerprint == command.Fingerprint() && record.Receipt is { } receipt
            ? new Answer(receipt, null, true, [])
            : new Answer(null, Refusal.Of(Reasons.IdempotencyKeyReused, "reused for a different request"), false, []);
    }

    private void SnapshotIfDue()
    {
        if (_wallet.Sequence - _snapshotSequence < SnapshotInterval || _writer.Failure is not null) return;
        var snapshot = _wallet.ToSnapshot();
        _snapshotSequence = snapshot.Sequence;
        _ = StoreSnapshot(snapshot, _writer.WhenDurable());
    }

    private async Task StoreSnapshot(WalletSnapshot snapshot, Task durable)
    {
        try
        {
            await durable;
            await _store.SaveSnapshotAsync(_wallet.Key, snapshot);
        }
        catch (Exception)
        {
            // As in the grain: a lost snapshot only means a longer replay.
        }
    }

    private async Task Durable(Task write)
    {
        try
        {
            await write;
        }
        catch (Exception ex)
        {
            IsDead = true;
            throw new WalletUnavailable(ex);
        }
    }
}

/// <summary>The grain's <c>WalletUnavailableException</c>: the change may or may not be durable; retry with the same key.</summary>
internal sealed class WalletUnavailable(Exception cause) : Exception("wallet unavailable: " + cause.Message, cause);
