using Waterfall.Api.V1;

namespace Waterfall.Client;

// Auto-refill (docs/refill.md): the wallet's refill rule. Refills themselves happen inside debits and holds.
public sealed partial class WaterfallClient
{
    /// <summary>Sets or replaces the wallet's refill rule, enabled (admin key). An empty idempotency key is filled in.</summary>
    public Task<SetRefillRuleResponse> SetRefillRuleAsync(string walletId, RefillRule rule, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => _wallets.SetRefillRuleAsync(r, o),
            new SetRefillRuleRequest { WalletId = walletId, IdempotencyKey = idempotencyKey ?? NewKey(), Rule = rule }, cancellationToken);

    /// <summary>"Below <paramref name="threshold"/>, refill by <paramref name="amount"/>", at most <paramref name="monthlyCap"/> a month; nano-dollars, billed on invoice.</summary>
    public Task<SetRefillRuleResponse> SetFixedRefillAsync(string walletId, long threshold, long amount, long monthlyCap, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SetRefillRuleAsync(walletId, new RefillRule { Threshold = threshold, Mode = RefillMode.Fixed, Amount = amount, MonthlyCap = monthlyCap, Funding = RefillFunding.Invoice },
            idempotencyKey, cancellationToken);

    /// <summary>"Below <paramref name="threshold"/>, refill up to <paramref name="target"/>", at most <paramref name="monthlyCap"/> a month; nano-dollars, billed on invoice.</summary>
    public Task<SetRefillRuleResponse> SetTargetRefillAsync(string walletId, long threshold, long target, long monthlyCap, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SetRefillRuleAsync(walletId, new RefillRule { Threshold = threshold, Mode = RefillMode.Target, Amount = target, MonthlyCap = monthlyCap, Funding = RefillFunding.Invoice },
            idempotencyKey, cancellationToken);

    /// <summary>
    /// "Below <paramref name="threshold"/>, refill by <paramref name="amount"/>" (or up to it, <paramref name="toTarget"/>), at most
    /// <paramref name="monthlyCap"/> a month (nano-dollars), each refill pulled in USDC from the payer under the signed EIP-2612
    /// <paramref name="permit"/> (spender: the service's settlement account; cap in USDC atomic units).
    /// </summary>
    public Task<SetRefillRuleResponse> SetUsdcAllowanceRefillAsync(string walletId, long threshold, long amount, long monthlyCap, UsdcAllowance permit,
        bool toTarget = false, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SetRefillRuleAsync(walletId, new RefillRule
        {
            Threshold = threshold, Mode = toTarget ? RefillMode.Target : RefillMode.Fixed, Amount = amount, MonthlyCap = monthlyCap,
            Funding = RefillFunding.UsdcAllowance, Allowance = permit,
        }, idempotencyKey, cancellationToken);

    /// <summary>Removes the wallet's refill rule (admin key); refused with REFILL_RULE_NOT_FOUND when there is none.</summary>
    public Task<ClearRefillRuleResponse> ClearRefillRuleAsync(string walletId, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => _wallets.ClearRefillRuleAsync(r, o),
            new ClearRefillRuleRequest { WalletId = walletId, IdempotencyKey = idempotencyKey ?? NewKey() }, cancellationToken);
}
