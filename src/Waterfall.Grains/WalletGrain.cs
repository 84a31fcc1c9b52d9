using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Waterfall.Contracts;
using Waterfall.Domain.Events;
using Waterfall.Domain.Idempotency;
using Waterfall.Ledger;
using D = Waterfall.Domain.Wallets;
using Identifier = Waterfall.Domain.Identifier;
using Reasons = Waterfall.Domain.Reasons;
using Wallet = Waterfall.Domain.Wallets.Wallet;
using WalletKey = Waterfall.Domain.Wallets.WalletKey;
using DomainRefusal = Waterfall.Domain.Refusal;
using DomainFieldViolation = Waterfall.Domain.FieldViolation;

namespace Waterfall.Grains;

/// <summary>
/// The hot path. Reentrant, so concurrent calls interleave at their awaits; each decides
/// synchronously through the domain (no await between reading and changing the wallet), then
/// waits until its events are durable before answering. Calls that arrive while a write is in
/// flight are decided in memory and ride the next write together.
/// </summary>
[Reentrant]
public sealed partial class WalletGrain(
    IWalletJournal journal,
    WalletClock clock,
    IOptions<WalletGrainOptions> options,
    ILogger<WalletGrain> logger) : Grain, IWalletGrain
{
    private Wallet _wallet = null!;
    private JournalWriter _writer = null!;
    private KeyTableReader? _keyTable; // made on the first read: most wallets never read their key table
    private IGrainTimer? _expiryTimer;
    private readonly GrainMetrics.Level _openHolds = new(GrainMetrics.OpenHolds);
    private long _snapshotSequence;
    private DateTimeOffset _snapshotAt = DateTimeOffset.MinValue;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = WalletKey.Parse(this.GetPrimaryKeyString());
        var history = await journal.LoadAsync(key, cancellationToken);
        _wallet = history.Restore(key, options.Value.ToWalletOptions());
        _snapshotSequence = history.Snapshot?.Sequence ?? 0;
        _writer = new JournalWriter(journal, key);
        WatchExpiries();
        SnapshotIfDue();
        _ = KeepReminder(); // catches up a wallet whose reminder was never set (or was lost); off the activation's path
        if (_wallet.PendingTopUps.Count > 0) _ = ResubmitPendingPulls(); // refills whose pull may not have reached settlement
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _openHolds.Set(0); // its holds stay open in the journal; this silo no longer holds them in memory
        return Task.CompletedTask;
    }

    public Task<Reply<OpenReceipt>> Open(OpenWallet command) =>
        Handle(command.ToDomain(), static (w, c, now) => w.Open(c, now), static r => r.ToContract());

    public Task<Reply<SettingsReceipt>> ChangeSettings(ChangeSettings command) =>
        Handle(command.ToDomain(), static (w, c, now) => w.ChangeSettings(c, now), static r => r.ToContract());

    public Task<Reply<GrantReceipt>> Grant(GrantCredits command) =>
        Handle(command.ToDomain(), static (w, c, now) => w.GrantCredits(c, now), static r => r.ToContract());

    public Task<Reply<DebitReceipt>> Debit(DebitWallet command) =>
        Handle(command.ToDomain(), static (w, c, now) => w.Debit(c, now), static r => r.ToContract());

    public async Task<Reply<DebitReceipt>[]> DebitBatch(DebitWallet[] commands)
    {
        if (_writer.Failure is not null) await Durable(_writer.WhenDurable());
        var debits = commands.Select(static c => c.ToDomain()).ToArray();
        // The only awaits before deciding: keys the window forgot are looked up first, all in one read, so the
        // decisions themselves run in one go.
        var replies = new Reply<DebitReceipt>?[debits.Length];
        var lookUp = new List<int>();
        for (var i = 0; i < debits.Length; i++)
            if (await MustReadKeyTable(debits[i])) lookUp.Add(i);
        if (lookUp.Count > 0)
        {
            var found = await KeyTable.Read(lookUp.ConvertAll(i => debits[i].IdempotencyKey));
            foreach (var i in lookUp) replies[i] = FromKeyTable<D.DebitReceipt, DebitReceipt>(debits[i], found, static r => r.ToContract());
        }

        // Decide synchronously, in request order: nothing may interleave between reading the wallet and changing it.
        var open = Enumerable.Range(0, debits.Length).Where(i => replies[i] is null).ToArray();
        var now = clock.Now;
        var before = _wallet.Observe();
        var expired = _wallet.Tick(now);
        var outcomes = _wallet.Debit(open.Select(i => debits[i]).ToArray(), now);
        var decided = new List<D.WalletEvent>(outcomes.Length);
        var receipts = new List<D.Receipt>(outcomes.Length); // one per decided event: every command keeps its own
        for (var j = 0; j < outcomes.Length; j++)
        {
            foreach (var @event in outcomes[j].Events)
            {
                decided.Add(@event);
                receipts.Add(outcomes[j].Receipt!);
            }
            replies[open[j]] = outcomes[j].ToReply(static r => r.ToContract());
        }
        await Durable(WriteAnnounced(before, expired, decided, null, receipts));
        WatchExpiries();
        SnapshotIfDue();
        await KeepReminder();
        // A duplicate recorded while this batch looked up keys is durable now (appends land in order): answer it from the table.
        for (var j = 0; j < outcomes.Length; j++)
            if (outcomes[j].Refusal?.Reason == Reasons.ReceiptNotHeld)
                replies[open[j]] = await RecallForgottenKey<D.DebitReceipt, DebitReceipt>(debits[open[j]], static r => r.ToContract()) ?? replies[open[j]];
        return replies!;
    }

    public Task<Reply<HoldReceipt>> Authorize(AuthorizeHold command) =>
        Handle(command.ToDomain(), static (w, c, now) => w.Authorize(c, now), static r => r.ToContract());

    public Task<Reply<GrowReceipt>> Grow(GrowHold command) =>
        Handle(command.ToDomain(), static (w, c, now) => w.Grow(c, now), static r => r.ToContract());

    public Task<Reply<CaptureReceipt>> Capture(CaptureHold command) =>
        Handle(command.ToDomain(), static (w, c, now) => w.Capture(c, now), static r => r.ToContract());

    public Task<Reply<VoidReceipt>> Void(VoidHold command) =>
        Handle(command.ToDomain(), static (w, c, now) => w.Void(c, now), static r => r.ToContract());

    public Task<Reply<ExtendReceipt>> Extend(ExtendHold command) =>
        Handle(command.ToDomain(), static (w, c, now) => w.Extend(c, now), static r => r.ToContract());

    public Task<Reply<TopUpSettledReceipt>> ConfirmTopUp(ConfirmTopUp command) =>
        Handle(command.ToDomain(), static (w, c, now) => w.ConfirmTopUp(c, now), static r => r.ToContract());

    public Task<Reply<TopUpReversedReceipt>> ReverseTopUp(ReverseTopUp command) =>
        Handle(command.ToDomain(), static (w, c, now) => w.ReverseTopUp(c, now), static r => r.ToContract());

    public async Task<Reply<WalletView>> Get()
    {
        await Durable(TickNow());
        return _wallet.IsOpen
            ? new Reply<WalletView>(_wallet.ToView(clock.Now), null, false)
            : ContractMapping.Refused<WalletView>(NotFound());
    }

    public async Task<Reply<LedgerPage>> ListLedger(long afterSequence, int limit)
    {
        await Durable(TickNow());
        if (!_wallet.IsOpen) return ContractMapping.Refused<LedgerPage>(NotFound());
        if (limit is < 1 or > 1000 || afterSequence < 0)
            return ContractMapping.Refused<LedgerPage>(DomainRefusal.Invalid(
                new DomainFieldViolation(limit is < 1 or > 1000 ? "page_size" : "after_sequence",
                    limit is < 1 or > 1000 ? "must be between 1 and 1000" : "must not be negative")));

        var transactions = await journal.ReadLedgerAsync(_wallet.Key, afterSequence, limit);
        var next = transactions.Count == limit && transactions[^1].Sequence < _wallet.Sequence ? transactions[^1].Sequence : (long?)null;
        return new Reply<LedgerPage>(new LedgerPage(transactions.Select(t => t.ToContract()).ToArray(), next), null, false);
    }

    private async Task<Reply<TContract>> Handle<TCommand, TReceipt, TContract>(
        TCommand command,
        Func<Wallet, TCommand, DateTimeOffset, D.Outcome<TReceipt>> decide,
        Func<TReceipt, TContract> map)
        where TCommand : D.WalletCommand where TReceipt : D.Receipt where TContract : class
    {
        if (_writer.Failure is not null) await Durable(_writer.WhenDurable());
        for (var attempt = 1; ; attempt++)
        {
            if (await RecallForgottenKey<TReceipt, TContract>(command, map) is { } recalled) return recalled;

            // Decide synchronously: nothing may interleave between reading the wallet and changing it.
            var now = clock.Now;
            var before = _wallet.Observe();
            var expired = _wallet.Tick(now);
            var outcome = decide(_wallet, command, now);
            var decidedAt = _wallet.Sequence;
            await Durable(WriteAnnounced(before, expired, outcome.Events, outcome.Receipt));
            WatchExpiries();
            SnapshotIfDue();
            await KeepReminder();
            // A duplicate was recorded while the key was looked up: the next pass reads its answer.
            if (outcome.Refusal?.Reason == Reasons.ReceiptNotHeld && attempt < 3) continue;
            if (outcome.Refusal is { } refused) await ConfirmCurrent(refused.Reason, decidedAt);
            return outcome.ToReply(map);
        }
    }

    private Task TickNow() => WriteAnnounced(_wallet.Observe(), _wallet.Tick(clock.Now), [], null);

    /// <summary>
    /// Awaits durability. A failed write means this activation's memory is ahead of its journal:
    /// drop the activation (the next one reloads from the journal) and fail the call as retryable.
    /// </summary>
    private async Task Durable(Task write)
    {
        try
        {
            await write;
        }
        catch (Exception ex)
        {
            if (ex is JournalConflictException) LogFenced(logger, _wallet.Key.ToString(), ex);
            else LogWriteFailed(logger, _wallet.Key.ToString(), ex);
            DeactivateOnIdle();
            throw new WalletUnavailableException($"Wallet {_wallet.Key} could not make the change durable; retry with the same idempotency key.");
        }
    }

    private DomainRefusal NotFound() =>
        DomainRefusal.Of(Reasons.WalletNotFound, $"Wallet {_wallet.Key} does not exist.", new Dictionary<string, string> { ["wallet_id"] = _wallet.Key.WalletId });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wallet {Wallet} was fenced off by another activation; deactivating")]
    private static partial void LogFenced(ILogger logger, string wallet, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Wallet {Wallet} failed to write its journal; deactivating")]
    private static partial void LogWriteFailed(ILogger logger, string wallet, Exception exception);
}
