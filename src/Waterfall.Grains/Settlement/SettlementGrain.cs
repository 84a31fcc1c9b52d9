using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waterfall.Contracts;
using Waterfall.Contracts.Settlement;
using NanoDollars = Waterfall.Domain.Money.NanoDollars;

namespace Waterfall.Grains.Settlement;

/// <summary>
/// Batches verified x402 authorizations onto the chain for one network + asset + payee.
/// Everything it decides is in its durable state before it acts on it: an authorization is
/// queued before the wallet is credited, and a batch transaction is recorded (signed, with its
/// hash) before it is sent, so a restart resumes exactly where it stopped. Wallet credits,
/// settlements and reversals carry idempotency keys derived from the authorization nonce, so
/// repeating any step after a crash changes nothing.
/// </summary>
public sealed partial class SettlementGrain(
    [PersistentState("settlement")] IPersistentState<SettlementGrainState> state,
    ISettlementChain chain,
    WalletClock clock,
    IOptions<SettlementOptions> options,
    ILogger<SettlementGrain> logger) : Grain, ISettlementGrain
{
    private readonly Dictionary<string, TaskCompletionSource<SettlementStatus>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private SettlementTarget _target = null!;
    private IGrainTimer? _timer;
    private bool _working;

    private SettlementGrainState State => state.State;
    private readonly GrainMetrics.Level _queueDepth = new(GrainMetrics.SettlementQueue);

    /// <summary>Every state change goes through here, so the queue-depth gauge follows what is durable.</summary>
    private async Task SaveAsync()
    {
        await state.WriteStateAsync();
        _queueDepth.Set(State.Queue.Count + (State.InFlight?.Items.Count ?? 0));
    }
    private SettlementOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (network, asset, payTo) = SettlementGrainKey.Parse(this.GetPrimaryKeyString());
        _target = new SettlementTarget(network, asset, payTo);
        if (State.InFlight?.Transactions is { Count: > 0 } sent)
        {
            // The node may have lost the transaction while we were down: sending it again is harmless.
            try { await chain.BroadcastAsync(_target, sent[^1].RawTransaction, cancellationToken); }
            catch (Exception ex) { LogBroadcastFailed(logger, sent[^1].Hash, ex); }
        }
        _queueDepth.Set(State.Queue.Count + (State.InFlight?.Items.Count ?? 0));
        WatchWork();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _queueDepth.Set(0);
        return Task.CompletedTask;
    }

    public Task Resume() => Task.CompletedTask;

    public async Task<SettlementTicket> Submit(SettlementRequest request)
    {
        if (Find(request.Nonce) is { } known)
            return new SettlementTicket(known.Nonce, known.Grant, null, known, Replayed: true);
        if (Validate(request) is { } refusal)
            return new SettlementTicket(request.Nonce, null, refusal, null);

        var item = new SettlementItem
        {
            Nonce = request.Nonce.ToLowerInvariant(), TenantId = request.TenantId, WalletId = request.WalletId, From = request.From,
            To = request.To, Value = request.Value, ValidAfter = request.ValidAfter, ValidBefore = request.ValidBefore,
            Signature = request.Signature, AcceptedAt = clock.Now,
        };
        State.Queue.Add(item);
        await SaveAsync();

        var credit = await Credit(item);
        if (credit.Refusal is { } refused)
        {
            // The wallet cannot take the credit: the payment must not be taken either.
            State.Queue.Remove(item);
            await SaveAsync();
            return new SettlementTicket(item.Nonce, null, refused, null);
        }
        WatchWork();
        return new SettlementTicket(item.Nonce, item.Grant, null, StatusOf(item, SettlementState.Queued, null));
    }

    public Task<SettlementStatus?> GetStatus(string nonce) => Task.FromResult(Find(nonce));

    public async Task<SettlementStatus?> WaitForOutcome(string nonce, TimeSpan timeout)
    {
        var status = Find(nonce);
        if (status is null or { State: SettlementState.Settled or SettlementState.Failed }) return status;
        if (!_waiters.TryGetValue(nonce, out var waiter))
            _waiters[nonce] = waiter = new TaskCompletionSource<SettlementStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = await Task.WhenAny(waiter.Task, Task.Delay(timeout));
        return finished == waiter.Task ? await waiter.Task : Find(nonce);
    }

    public async Task<ReconciliationReport> Reconcile(long fromBlock, long toBlock)
    {
        var transfers = await chain.GetTransfersToPayeeAsync(_target, fromBlock, toBlock, CancellationToken.None);
        var recorded = State.Outcomes
            .Where(o => o.State == SettlementState.Settled && o.BlockNumber is { } b && b >= fromBlock && b <= toBlock)
            .ToList();
        var unmatched = recorded.ToList();
        var onChainOnly = new List<ChainTransfer>();
        var matched = 0;
        long matchedValue = 0;
        foreach (var transfer in transfers)
        {
            var match = unmatched.FindIndex(o => string.Equals(o.TransactionHash, transfer.TransactionHash, StringComparison.OrdinalIgnoreCase)
                && string.Equals(o.Payer, transfer.From, StringComparison.OrdinalIgnoreCase) && o.Value == transfer.Value);
            if (match < 0) { onChainOnly.Add(transfer); continue; }
            unmatched.RemoveAt(match);
            matched++;
            matchedValue += transfer.Value;
        }
        return new ReconciliationReport(fromBlock, toBlock, matched, matchedValue, [.. onChainOnly], [.. unmatched]);
    }

    // ---------------------------------------------------------------- the work loop

    private void WatchWork()
    {
        var hasWork = State.Queue.Count > 0 || State.InFlight is not null;
        if (hasWork && _timer is null)
            _timer = this.RegisterGrainTimer(Work, new GrainTimerCreationOptions(TimeSpan.Zero, Options.PollInterval) { KeepAlive = true });
        else if (!hasWork && _timer is not null)
        {
            _timer.Dispose();
            _timer = null;
        }
    }

    private async Task Work(CancellationToken cancellationToken)
    {
        if (_working) return;
        _working = true;
        try
        {
            if (State.InFlight is not null) await Follow(cancellationToken);
            else if (DueForBatch()) await Send(cancellationToken);
        }
        catch (Exception ex)
        {
            LogWorkFailed(logger, this.GetPrimaryKeyString(), ex);
        }
        finally
        {
            _working = false;
            WatchWork();
        }
    }

    private bool DueForBatch() =>
        State.Queue.Count >= Options.MaxBatchSize ||
        (State.Queue.Count > 0 && State.Queue[0].AcceptedAt + Options.BatchWindow <= clock.Now);

    private async Task Send(CancellationToken cancellationToken)
    {
        foreach (var item in State.Queue.Where(i => i.Grant is null).ToList())
            if ((await Credit(item)).Refusal is not null) State.Queue.Remove(item);
        var items = State.Queue.Take(Options.MaxBatchSize).ToList();
        if (items.Count == 0) { await SaveAsync(); return; }

        var signed = await chain.SignAsync(_target, items, null, cancellationToken);
        State.Queue.RemoveRange(0, items.Count);
        State.InFlight = new SettlementBatch { Items = items, Transactions = [signed], SentAt = clock.Now };
        await SaveAsync(); // recorded before it is sent
        await Broadcast(signed, cancellationToken);
    }

    private async Task Follow(CancellationToken cancellationToken)
    {
        var batch = State.InFlight!;
        var receipt = await ReceiptOf(batch, cancellationToken);

        if (receipt is null)
        {
            var latest = batch.Transactions[^1];
            // The nonce may have moved on because one of ours was mined just after we asked for its receipt:
            // ask again before concluding another transaction took it, or a mined batch would be sent twice.
            if (await chain.GetMinedNonceAsync(_target, cancellationToken) > latest.AccountNonce
                && (receipt = await ReceiptOf(batch, cancellationToken)) is null)
            {
                // Another transaction took our nonce and none of ours will ever be mined: queue the batch again.
                LogNonceTaken(logger, latest.AccountNonce);
                await Requeue(batch.Items, countAttempt: false);
                await SaveAsync();
            }
            else if (receipt is null && clock.Now - batch.SentAt >= Options.ReplaceAfter)
            {
                var replacement = await chain.SignAsync(_target, batch.Items, latest, cancellationToken);
                batch.Transactions.Add(replacement);
                batch.SentAt = clock.Now;
                await SaveAsync();
                LogReplaced(logger, latest.Hash, replacement.Hash);
                await Broadcast(replacement, cancellationToken);
            }
            if (receipt is null) return;
        }

        if (receipt.Confirmations < Options.Confirmations) return;
        batch.MinedHash = receipt.TransactionHash;

        if (!receipt.Succeeded)
        {
            LogReverted(logger, receipt.TransactionHash);
            await Requeue(batch.Items, countAttempt: true);
            await SaveAsync();
            return;
        }

        foreach (var item in batch.Items)
        {
            var outcome = receipt.Outcomes.GetValueOrDefault(item.Nonce) ?? new AuthorizationOutcome(false, "no settlement event for this authorization");
            if (outcome.Settled) await Settle(item, receipt);
            else await Fail(item, outcome.Reason ?? "settlement failed on chain", receipt.TransactionHash, receipt.BlockNumber);
        }
        State.InFlight = null;
        TrimOutcomes();
        await SaveAsync();
    }

    /// <summary>The receipt of whichever of the batch's transactions was mined (newest first), or null.</summary>
    private async Task<SettlementReceipt?> ReceiptOf(SettlementBatch batch, CancellationToken cancellationToken)
    {
        for (var i = batch.Transactions.Count - 1; i >= 0; i--)
            if (await chain.GetReceiptAsync(_target, batch.Transactions[i].Hash, cancellationToken) is { } receipt) return receipt;
        return null;
    }

    /// <summary>Back to the front of the queue; a batch that reverted counts against each authorization in it.</summary>
    private async Task Requeue(List<SettlementItem> items, bool countAttempt)
    {
        State.InFlight = null;
        var again = new List<SettlementItem>();
        foreach (var item in items)
        {
            if (countAttempt && ++item.Attempts >= Options.MaxAttempts)
                await Fail(item, "settlement transaction reverted", null, null);
            else
                again.Add(item);
        }
        State.Queue.InsertRange(0, again);
    }

    private async Task Broadcast(SignedSettlement signed, CancellationToken cancellationToken)
    {
        try
        {
            await chain.BroadcastAsync(_target, signed.RawTransaction, cancellationToken);
        }
        catch (Exception ex)
        {
            // Recorded already: the next pass re-sends, replaces or requeues it.
            LogBroadcastFailed(logger, signed.Hash, ex);
        }
    }

    // ---------------------------------------------------------------- the wallet side

    private async Task<Reply<GrantReceipt>> Credit(SettlementItem item)
    {
        var terms = new GrantTerms("purchased", new Amount(NanoDollars.FromUsdcAtomicUnits(item.Value), "usd"), 30, null, null,
            new GrantScope([], [], []), (int)Domain.Grants.GrantSourceKind.X402Payment, item.Nonce, 1m);
        var reply = await GrainFactory.Wallet(item.TenantId, item.WalletId).CreditTopUp(
            new GrantCredits($"x402:{_target.Network}:{item.Nonce}", terms, new Attribution(Payer: item.From, Network: _target.Network)));
        if (reply.Receipt is { } receipt) item.Grant = receipt.Grant;
        return reply;
    }

    private async Task Settle(SettlementItem item, SettlementReceipt receipt)
    {
        item.Grant ??= (await Credit(item)).Receipt?.Grant;
        if (item.Grant is not null)
            await GrainFactory.Wallet(item.TenantId, item.WalletId).ConfirmTopUp(new ConfirmTopUp($"x402-settled:{item.Nonce}", item.Grant, receipt.TransactionHash));
        Record(StatusOf(item, SettlementState.Settled, receipt.TransactionHash, blockNumber: receipt.BlockNumber));
    }

    private async Task Fail(SettlementItem item, string reason, string? transactionHash, long? blockNumber)
    {
        item.Grant ??= (await Credit(item)).Receipt?.Grant;
        if (item.Grant is not null)
            await GrainFactory.Wallet(item.TenantId, item.WalletId).ReverseTopUp(new ReverseTopUp($"x402-failed:{item.Nonce}", item.Grant, Truncate(reason)));
        LogFailed(logger, item.Nonce, reason);
        Record(StatusOf(item, SettlementState.Failed, transactionHash, reason, blockNumber));
    }

    private void Record(SettlementStatus status)
    {
        State.Outcomes.Add(status);
        if (_waiters.Remove(status.Nonce, out var waiter)) waiter.TrySetResult(status);
    }

    private void TrimOutcomes()
    {
        var excess = State.Outcomes.Count - Options.OutcomesKept;
        if (excess > 0) State.Outcomes.RemoveRange(0, excess);
    }

    // ---------------------------------------------------------------- helpers

    private SettlementStatus? Find(string nonce)
    {
        foreach (var item in State.Queue)
            if (Same(item.Nonce, nonce)) return StatusOf(item, SettlementState.Queued, null);
        if (State.InFlight is { } batch)
            foreach (var item in batch.Items)
                if (Same(item.Nonce, nonce)) return StatusOf(item, SettlementState.Submitted, batch.Transactions[^1].Hash);
        for (var i = State.Outcomes.Count - 1; i >= 0; i--)
            if (Same(State.Outcomes[i].Nonce, nonce)) return State.Outcomes[i];
        return null;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static SettlementStatus StatusOf(SettlementItem item, SettlementState state, string? transactionHash, string? reason = null, long? blockNumber = null) =>
        new(item.Nonce, state, transactionHash, reason, item.TenantId, item.WalletId, item.Grant, item.From, item.Value, blockNumber);

    private Refusal? Validate(SettlementRequest request)
    {
        var violations = new List<FieldViolation>();
        if (!Domain.Identifier.IsValid(request.TenantId)) violations.Add(new("tenant_id", "is required"));
        if (!Domain.Identifier.IsValid(request.WalletId)) violations.Add(new("wallet_id", "is required"));
        if (request.Value <= 0 || request.Value > Domain.Money.Amount.MaxValue / NanoDollars.PerUsdcAtomicUnit) violations.Add(new("value", "is out of range"));
        if (!Same(request.To, _target.PayTo)) violations.Add(new("to", $"must be this settlement's payee {_target.PayTo}"));
        if (request.Nonce is not { Length: 66 } || !request.Nonce.StartsWith("0x", StringComparison.Ordinal)) violations.Add(new("nonce", "must be a 32-byte hex nonce"));
        return violations.Count == 0 ? null : new Refusal(Domain.Reasons.InvalidArgument, string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")), [.. violations], []);
    }

    private static string Truncate(string reason) => reason.Length <= 256 ? reason : reason[..256];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settlement transaction {Hash} could not be sent now; it will be sent again")]
    private static partial void LogBroadcastFailed(ILogger logger, string hash, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Settlement work for {Key} failed; retrying on the next pass")]
    private static partial void LogWorkFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account nonce {Nonce} was taken by another transaction; the batch is queued again")]
    private static partial void LogNonceTaken(ILogger logger, long nonce);

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement transaction {Old} not mined in time; replaced by {New} at higher fees")]
    private static partial void LogReplaced(ILogger logger, string old, string @new);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settlement transaction {Hash} reverted; its authorizations are queued again")]
    private static partial void LogReverted(ILogger logger, string hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authorization {Nonce} failed to settle: {Reason}; its credit is reversed")]
    private static partial void LogFailed(ILogger logger, string nonce, string reason);
}
