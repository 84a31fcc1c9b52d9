using Waterfall.Domain.Refills;

namespace Waterfall.Contracts;

/// <summary>
/// A wallet's refill rule (docs/refill.md), on the same grain as <see cref="IWalletGrain"/> and keyed the
/// same ("tenant/wallet"): the refill itself is decided inside the wallet's debits and holds.
/// </summary>
[Alias("wf.IWalletRefillGrain")]
public interface IWalletRefillGrain : IGrainWithStringKey
{
    /// <summary>Sets or replaces the rule, enabled; refused with field violations when it is not valid.</summary>
    [Alias("SetRefillRule")] Task<Reply<RefillRuleReceipt>> SetRefillRule(string idempotencyKey, RefillRule rule);

    /// <summary>Removes the rule; refused with REFILL_RULE_NOT_FOUND when there is none.</summary>
    [Alias("ClearRefillRule")] Task<Reply<RefillRuleReceipt>> ClearRefillRule(string idempotencyKey);

    /// <summary>For the module that learns a refill failed (an unpaid invoice, a failed on-chain pull): disables the rule, saying why.</summary>
    [Alias("DisableRefillRule")] Task<Reply<RefillRuleReceipt>> DisableRefillRule(string idempotencyKey, string reason);
}

/// <summary>The rule and its state after the change.</summary>
[GenerateSerializer, Immutable, Alias("wf.RefillRuleReceipt")]
public sealed record RefillRuleReceipt([property: Id(0)] long Sequence, [property: Id(1)] RefillState State);

public static class WalletRefillGrainKey
{
    public static IWalletRefillGrain WalletRefills(this IGrainFactory grains, string tenantId, string walletId) =>
        grains.GetGrain<IWalletRefillGrain>(WalletGrainKey.For(tenantId, walletId));
}
