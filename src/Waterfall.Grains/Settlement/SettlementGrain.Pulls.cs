using Waterfall.Contracts;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;

namespace Waterfall.Grains.Settlement;

/// <summary>
/// Refills pulled from a USDC allowance (docs/refill.md): the wallet credited the refill when it decided it, so a pull
/// only settles or reverses that credit; a failed pull also disables the wallet's rule with the chain's reason.
/// </summary>
public sealed partial class SettlementGrain
{
    public async Task<SettlementTicket> SubmitPull(AllowancePull pull)
    {
        ArgumentNullException.ThrowIfNull(pull);
        if (Queue.Find(SettlementQueue.PullId(pull)) is { } known)
            return new SettlementTicket(known.Nonce, known.Grant, null, known, Replayed: true);
        if (SettlementQueue.Validate(pull, _target.PayTo) is { Count: > 0 } violations)
            return new SettlementTicket(SettlementQueue.PullId(pull), null, ContractMapping.ToContract(Domain.Refusal.Invalid([.. violations])), null);

        var item = Queue.Accept(pull, clock.Now);
        await SaveAsync();
        WatchWork();
        return new SettlementTicket(item.Nonce, item.Grant, null, SettlementQueue.StatusOf(item, SettlementState.Queued, null));
    }

    /// <summary>The wallet's idempotency key for disabling the rule after a failed pull: one per pull.</summary>
    private static string PullFailedKey(string pullKey) => $"{pullKey}:failed";

    private async Task DisableRuleAfterFailedPull(SettlementItem item, string reason)
    {
        var reply = await GrainFactory.WalletRefills(item.TenantId, item.WalletId)
            .DisableRefillRule(PullFailedKey(item.PaymentKey), SettlementQueue.Bounded($"The USDC pull of refill {item.PaymentKey} failed: {reason}"));
        // No rule left to disable (it was cleared meanwhile) is the only expected refusal; anything else is worth a look.
        if (reply.Refusal is { } refused) LogRuleNotDisabled(logger, item.Nonce, refused.Message);
    }

    /// <summary>A reverted pull's receipt, with the chain's reason when it gives one.</summary>
    private async Task<SettlementReceipt> WithRevertReason(SettlementReceipt receipt, CancellationToken cancellationToken)
    {
        if (receipt.Succeeded || Queue.InFlight is not { Items: [{ IsPull: true }] } batch) return receipt;
        var mined = batch.Transactions.FirstOrDefault(t => string.Equals(t.Hash, receipt.TransactionHash, StringComparison.OrdinalIgnoreCase)) ?? batch.Transactions[^1];
        return receipt with { RevertReason = await chain.ExplainRevertAsync(_target, mined, receipt.BlockNumber, cancellationToken) };
    }
}
