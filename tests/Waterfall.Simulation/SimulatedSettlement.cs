using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Settlement;
using Waterfall.Domain.Wallets;

namespace Waterfall.Simulation;

/// <summary>
/// One activation of the settlement grain, a transcription of <c>SettlementGrain</c>'s call path around the real
/// domain <see cref="SettlementQueue"/>: it stores each decision before acting on it, credits the wallet with
/// keys derived from the authorization's nonce, sends, follows, replaces and requeues batches, and after a failed
/// pass reads its state again. The wallet calls go through the simulation's wallet activations (so they meet the
/// store's faults); a halted activation (its silo died) does nothing more from its next step on. Like the grain
/// (not reentrant; its timer does not interleave) it takes one call or timer tick at a time.
/// </summary>
internal sealed class SimulatedSettlement
{
    private readonly SimulatedGrainStorage<SettlementQueue> _storage;
    private readonly ISettlementChain _chain;
    private readonly Func<DateTimeOffset> _now;
    private readonly Func<string, Operation, Task<Answer>> _wallet;
    private readonly SettlementPolicy _policy;
    private readonly SettlementTarget _target;
    private SettlementQueue _queue = new();
    private readonly SemaphoreSlim _turn = new(1, 1);
    private bool _working;
    private bool _halted;

    private SimulatedSettlement(SimulatedGrainStorage<SettlementQueue> storage, ISettlementChain chain, SettlementTarget target, SettlementPolicy policy,
        Func<DateTimeOffset> now, Func<string, Operation, Task<Answer>> wallet, int number) =>
        (_storage, _chain, _target, _policy, _now, _wallet, Number) = (storage, chain, target, policy, now, wallet, number);

    public int Number { get; }

    /// <summary>Told of each decision, for the trace.</summary>
    public Action<string> Trace { get; set; } = _ => { };

    public bool HasWork => _queue.HasWork();

    public static async Task<SimulatedSettlement> ActivateAsync(SimulatedGrainStorage<SettlementQueue> storage, ISettlementChain chain, SettlementTarget target,
        SettlementPolicy policy, Func<DateTimeOffset> now, Func<string, Operation, Task<Answer>> wallet, int number)
    {
        var settlement = new SimulatedSettlement(storage, chain, target, policy, now, wallet, number) { _queue = storage.Read() };
        if (settlement._queue.InFlight?.Transactions is { Count: > 0 } sent)
        {
            // The node may have lost the transaction while we were down: sending it again is harmless.
            try { await chain.BroadcastAsync(target, sent[^1].RawTransaction, CancellationToken.None); }
            catch (Exception) { }
        }
        return settlement;
    }

    /// <summary>Its silo died: nothing it has not done yet will happen.</summary>
    public void Halt() => _halted = true;

    public async Task<SettlementTicket> Submit(SettlementRequest request)
    {
        await _turn.WaitAsync();
        try
        {
            return await Accept(request);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task<SettlementTicket> Accept(SettlementRequest request)
    {
        Alive();
        if (_queue.Find(request.Nonce) is { } known)
            return new SettlementTicket(known.Nonce, known.Grant, null, known, Replayed: true);
        if (SettlementQueue.Validate(request, _target.PayTo) is { Count: > 0 } violations)
            return new SettlementTicket(request.Nonce, null, Contracts.ContractMapping.ToContract(Domain.Refusal.Invalid([.. violations])), null);

        var item = _queue.Accept(request, _now());
        Save();

        if (await Credit(item) is { } refused)
        {
            _queue.Withdraw(item);
            Save();
            return new SettlementTicket(item.Nonce, null, Contracts.ContractMapping.ToContract(refused), null);
        }
        return new SettlementTicket(item.Nonce, item.Grant, null, SettlementQueue.StatusOf(item, SettlementState.Queued, null));
    }

    /// <summary>What the durable state says of every authorization: for the invariants.</summary>
    public SettlementQueue Durable() => _storage.Read();

    // ---------------------------------------------------------------- the work loop (the grain's timer)

    /// <summary>
    /// Plants the old bug (<c>tests/simulate --plant-withdraw-without-outcome</c>): an authorization whose credit the wallet
    /// refused in the work loop is withdrawn with no outcome, as <c>SettlementGrain</c> did before it recorded a failure.
    /// </summary>
    public static bool PlantWithdrawWithoutOutcome { get; set; }

    public async Task Work()
    {
        if (_working || _halted) return;
        _working = true;
        await _turn.WaitAsync();
        try
        {
            if (_queue.InFlight is not null) await Follow();
            else if (_queue.IsDueForBatch(_now(), _policy)) await Send();
        }
        catch (Exception ex)
        {
            Trace($"settlement {Number}: pass failed ({ex.GetBaseException().Message})");
            // A decision made in memory but not stored is forgotten: the next pass starts again from what is durable.
            if (!_halted) _queue = _storage.Read();
        }
        finally
        {
            _working = false;
            _turn.Release();
        }
    }

    private async Task Send()
    {
        foreach (var item in _queue.Uncredited())
            if (await Credit(item) is { } refused)
            {
                if (PlantWithdrawWithoutOutcome) _queue.Withdraw(item);
                else _queue.Refused(item, refused.Reason, refused.Message);
            }
        var items = _queue.NextBatch(_policy);
        if (items.Count == 0) { Save(); return; }

        var signed = await Chain(c => c.SignAsync(_target, items, null, CancellationToken.None));
        _queue.Sent(items, signed, _now());
        Save(); // recorded before it is sent
        Trace($"settlement {Number}: sends {items.Count} as {signed.Hash[^4..]} (nonce {signed.AccountNonce})");
        await Broadcast(signed);
    }

    private async Task Follow()
    {
        var receipt = await ReceiptOf(_queue.InFlight!);
        if (receipt is null)
        {
            var latest = _queue.Latest();
            // Ours may have been mined just after we asked: ask again before concluding another transaction took the nonce.
            if (_queue.NonceTaken(await Chain(c => c.GetMinedNonceAsync(_target, CancellationToken.None)))
                && (receipt = await ReceiptOf(_queue.InFlight!)) is null)
            {
                await FailAll(_queue.Requeue(countAttempt: false, _policy), "settlement transaction reverted");
                Save();
                Trace($"settlement {Number}: nonce {latest.AccountNonce} taken by another transaction, batch requeued");
            }
            else if (receipt is null && _queue.ShouldReplace(_now(), _policy))
            {
                var replacement = await Chain(c => c.SignAsync(_target, _queue.InFlight!.Items, latest, CancellationToken.None));
                _queue.Replaced(replacement, _now());
                Save();
                Trace($"settlement {Number}: replaces {latest.Hash[^4..]} by {replacement.Hash[^4..]}");
                await Broadcast(replacement);
            }
            if (receipt is null) return;
        }

        var verdict = _queue.Judge(receipt, _policy);
        Trace($"settlement {Number}: receipt of {receipt.TransactionHash[^4..]} ({receipt.Confirmations} confirmations): {verdict.GetType().Name}");
        switch (verdict)
        {
            case SettlementVerdict.Reverted:
                await FailAll(_queue.Requeue(countAttempt: true, _policy), "settlement transaction reverted");
                Save();
                break;
            case SettlementVerdict.Final final:
                foreach (var (item, outcome) in final.Outcomes)
                {
                    if (outcome.Settled) await Settle(item, receipt);
                    else await Fail(item, outcome.Reason ?? "settlement failed on chain", receipt.TransactionHash, receipt.BlockNumber);
                }
                _queue.Complete(_policy);
                Save();
                break;
        }
    }

    private async Task<SettlementReceipt?> ReceiptOf(SettlementBatch batch)
    {
        for (var i = batch.Transactions.Count - 1; i >= 0; i--)
            if (await Chain(c => c.GetReceiptAsync(_target, batch.Transactions[i].Hash, CancellationToken.None)) is { } receipt) return receipt;
        return null;
    }

    private async Task Broadcast(SignedSettlement signed)
    {
        Alive();
        try
        {
            await _chain.BroadcastAsync(_target, signed.RawTransaction, CancellationToken.None);
        }
        catch (Exception) when (!_halted)
        {
            // Recorded already: the next pass re-sends, replaces or requeues it.
        }
    }

    // ---------------------------------------------------------------- the wallet side (SettlementGrain.Purchases)

    private async Task<Domain.Refusal?> Credit(SettlementItem item)
    {
        var command = new GrantCredits(SettlementQueue.CreditKey(_target.Network, item.Nonce), SettlementQueue.CreditTerms(item),
            new Attribution(Payer: item.From, Network: _target.Network));
        var answer = await Wallet(item, new Operation(command, (w, at) => Answer.Of(w.CreditTopUp(command, at))));
        if (answer.Receipt is GrantReceipt receipt) item.Grant = receipt.Grant.Value;
        return answer.Refusal;
    }

    private async Task Settle(SettlementItem item, SettlementReceipt receipt)
    {
        if (!item.IsCredited) await Credit(item);
        if (item.Grant is not null)
        {
            var command = new ConfirmTopUp(SettlementQueue.SettledKey(item.Nonce), new GrantId(item.Grant), receipt.TransactionHash);
            await Wallet(item, new Operation(command, (w, at) => Answer.Of(w.ConfirmTopUp(command, at))));
        }
        _queue.Settled(item, receipt);
    }

    private async Task FailAll(IReadOnlyList<SettlementItem> items, string reason)
    {
        foreach (var item in items) await Fail(item, reason, null, null);
    }

    private async Task Fail(SettlementItem item, string reason, string? transactionHash, long? blockNumber)
    {
        reason = SettlementQueue.Bounded(reason);
        if (item.Grant is null) await Credit(item);
        if (item.Grant is not null)
        {
            var command = new ReverseTopUp(SettlementQueue.FailedKey(item.Nonce), new GrantId(item.Grant), reason);
            await Wallet(item, new Operation(command, (w, at) => Answer.Of(w.ReverseTopUp(command, at))));
        }
        _queue.Failed(item, reason, transactionHash, blockNumber);
    }

    // ---------------------------------------------------------------- effects, each refused once the silo is gone

    private void Save()
    {
        Alive();
        _storage.Write(_queue);
    }

    private Task<T> Chain<T>(Func<ISettlementChain, Task<T>> call)
    {
        Alive();
        return call(_chain);
    }

    private Task<Answer> Wallet(SettlementItem item, Operation operation)
    {
        Alive();
        return _wallet(item.WalletId, operation);
    }

    private void Alive()
    {
        if (_halted) throw new InvalidOperationException("the settlement's silo is gone");
    }
}
