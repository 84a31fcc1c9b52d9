using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waterfall.Contracts;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;

namespace Waterfall.Grains.Settlement;

/// <summary>
/// Batches verified x402 authorizations onto the chain for one network + asset + payee: top-ups
/// (credited to a wallet) and invoice payments (held on the invoice, which is paid once settled); and pulls
/// refills from USDC allowances, one transaction each (SettlementGrain.Pulls.cs). The rules
/// are <see cref="SettlementQueue"/>'s (the domain); this grain stores each of its decisions before
/// acting on it — an authorization is queued before the wallet is credited, a batch transaction is
/// recorded (signed, with its hash) before it is sent — so a restart resumes exactly where it
/// stopped, and the wallet calls carry keys derived from the authorization nonce, so repeating any
/// step after a crash changes nothing.
/// </summary>
public sealed partial class SettlementGrain(
    [PersistentState("settlement")] IPersistentState<SettlementQueue> state,
    ISettlementChain chain,
    WalletClock clock,
    IOptions<SettlementOptions> options,
    ILogger<SettlementGrain> logger) : Grain, ISettlementGrain
{
    private readonly Dictionary<string, TaskCompletionSource<SettlementStatus>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly GrainMetrics.Level _queueDepth = new(GrainMetrics.SettlementQueue);
    private SettlementTarget _target = null!;
    private SettlementPolicy _policy = SettlementPolicy.Default;
    private IGrainTimer? _timer;
    private bool _working;

    private SettlementQueue Queue => state.State;

    /// <summary>Every decision is stored here before it is acted on; the queue-depth gauge follows what is durable.</summary>
    private async Task SaveAsync()
    {
        await state.WriteStateAsync();
        _queueDepth.Set(Queue.Pending());
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (network, asset, payTo) = SettlementGrainKey.Parse(this.GetPrimaryKeyString());
        _target = new SettlementTarget(network, asset, payTo);
        _policy = options.Value.ToPolicy();
        if (Queue.InFlight?.Transactions is { Count: > 0 } sent)
        {
            // The node may have lost the transaction while we were down: sending it again is harmless.
            try { await chain.BroadcastAsync(_target, sent[^1].RawTransaction, cancellationToken); }
            catch (Exception ex) { LogBroadcastFailed(logger, sent[^1].Hash, ex); }
        }
        _queueDepth.Set(Queue.Pending());
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
        if (Queue.Find(request.Nonce) is { } known)
        {
            WatchWork(); // a submission whose credit failed left it queued: the work loop credits it (or records the refusal)
            return new SettlementTicket(known.Nonce, known.Grant, null, known, Replayed: true);
        }
        if (SettlementQueue.Validate(request, _target.PayTo) is { Count: > 0 } violations)
            return new SettlementTicket(request.Nonce, null, ContractMapping.ToContract(Domain.Refusal.Invalid([.. violations])), null);

        var item = Queue.Accept(request, clock.Now);
        await SaveAsync();

        Refusal? refused;
        try
        {
            refused = await Credit(item);
        }
        catch
        {
            WatchWork(); // stored, not credited: the work loop takes it from here
            throw;
        }
        if (refused is not null)
        {
            Queue.Withdraw(item);
            await SaveAsync();
            return new SettlementTicket(item.Nonce, null, refused, null);
        }
        WatchWork();
        return new SettlementTicket(item.Nonce, item.Grant, null, SettlementQueue.StatusOf(item, SettlementState.Queued, null));
    }

    public Task<SettlementStatus?> GetStatus(string nonce) => Task.FromResult(Queue.Find(nonce));

    public async Task<SettlementStatus?> WaitForOutcome(string nonce, TimeSpan timeout)
    {
        var status = Queue.Find(nonce);
        if (status is null or { State: SettlementState.Settled or SettlementState.Failed }) return status;
        if (!_waiters.TryGetValue(nonce, out var waiter))
            _waiters[nonce] = waiter = new TaskCompletionSource<SettlementStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = await Task.WhenAny(waiter.Task, Task.Delay(timeout));
        return finished == waiter.Task ? await waiter.Task : Queue.Find(nonce);
    }

    public async Task<ReconciliationReport> Reconcile(long fromBlock, long toBlock) =>
        Queue.Reconcile(await chain.GetTransfersToPayeeAsync(_target, fromBlock, toBlock, CancellationToken.None), fromBlock, toBlock);

    // ---------------------------------------------------------------- the work loop

    private void WatchWork()
    {
        if (Queue.HasWork() && _timer is null)
            _timer = this.RegisterGrainTimer(Work, new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.PollInterval) { KeepAlive = true });
        else if (!Queue.HasWork() && _timer is not null)
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
            if (Queue.InFlight is not null) await Follow(cancellationToken);
            else if (Queue.IsDueForBatch(clock.Now, _policy)) await Send(cancellationToken);
        }
        catch (Exception ex)
        {
            LogWorkFailed(logger, this.GetPrimaryKeyString(), ex);
            // A decision made in memory but not stored is forgotten: the next pass starts again from what is durable.
            await state.ReadStateAsync();
        }
        finally
        {
            _working = false;
            WatchWork();
        }
    }

    private async Task Send(CancellationToken cancellationToken)
    {
        foreach (var item in Queue.Uncredited())
            if (await Credit(item) is { } refused) Notify(Queue.Refused(item, refused.Reason, refused.Message));
        var items = Queue.NextBatch(_policy);
        if (items.Count == 0) { await SaveAsync(); return; }

        var signed = await chain.SignAsync(_target, items, null, cancellationToken);
        Queue.Sent(items, signed, clock.Now);
        await SaveAsync(); // recorded before it is sent
        await Broadcast(signed, cancellationToken);
    }

    private async Task Follow(CancellationToken cancellationToken)
    {
        var receipt = await ReceiptOf(Queue.InFlight!, cancellationToken);
        if (receipt is null)
        {
            var latest = Queue.Latest();
            // Ours may have been mined just after we asked: ask again before concluding another transaction took the nonce.
            if (Queue.NonceTaken(await chain.GetMinedNonceAsync(_target, cancellationToken))
                && (receipt = await ReceiptOf(Queue.InFlight!, cancellationToken)) is null)
            {
                LogNonceTaken(logger, latest.AccountNonce);
                await FailAll(Queue.Requeue(countAttempt: false, _policy), "settlement transaction reverted");
                await SaveAsync();
            }
            else if (receipt is null && Queue.ShouldReplace(clock.Now, _policy))
            {
                var replacement = await chain.SignAsync(_target, Queue.InFlight!.Items, latest, cancellationToken);
                Queue.Replaced(replacement, clock.Now);
                await SaveAsync();
                LogReplaced(logger, latest.Hash, replacement.Hash);
                await Broadcast(replacement, cancellationToken);
            }
            if (receipt is null) return;
        }

        receipt = await WithRevertReason(receipt, cancellationToken);
        switch (Queue.Judge(receipt, _policy))
        {
            case SettlementVerdict.PermitSubmitted:
                Queue.Requeue(countAttempt: false, _policy);
                await SaveAsync();
                break;
            case SettlementVerdict.Reverted reverted:
                LogReverted(logger, reverted.TransactionHash);
                await FailAll(Queue.Requeue(countAttempt: true, _policy), "settlement transaction reverted");
                await SaveAsync();
                break;
            case SettlementVerdict.Final final:
                foreach (var (item, outcome) in final.Outcomes)
                {
                    if (outcome.Settled) await Settle(item, receipt);
                    else await Fail(item, outcome.Reason ?? "settlement failed on chain", receipt.TransactionHash, receipt.BlockNumber);
                }
                Queue.Complete(_policy);
                await SaveAsync();
                break;
        }
    }

    /// <summary>The receipt of whichever of the batch's transactions was mined (newest first), or null.</summary>
    private async Task<SettlementReceipt?> ReceiptOf(SettlementBatch batch, CancellationToken cancellationToken)
    {
        for (var i = batch.Transactions.Count - 1; i >= 0; i--)
            if (await chain.GetReceiptAsync(_target, batch.Transactions[i].Hash, cancellationToken) is { } receipt) return receipt;
        return null;
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

    private void Notify(SettlementStatus status)
    {
        if (_waiters.Remove(status.Nonce, out var waiter)) waiter.TrySetResult(status);
    }
}
