using Waterfall.Contracts;
using RefillRule = Waterfall.Domain.Refills.RefillRule;
using D = Waterfall.Domain.Wallets;

namespace Waterfall.Grains;

/// <summary>The refill rule's commands (docs/refill.md); the refills themselves ride on the wallet's debits and holds.</summary>
public sealed partial class WalletGrain : IWalletRefillGrain
{
    public Task<Reply<RefillRuleReceipt>> SetRefillRule(string idempotencyKey, RefillRule rule) =>
        Handle(new D.SetRefillRule(idempotencyKey, rule), static (w, c, now) => w.SetRefillRule(c, now), static r => ToContract(r));

    public Task<Reply<RefillRuleReceipt>> ClearRefillRule(string idempotencyKey) =>
        Handle(new D.ClearRefillRule(idempotencyKey), static (w, c, now) => w.ClearRefillRule(c, now), static r => ToContract(r));

    public Task<Reply<RefillRuleReceipt>> DisableRefillRule(string idempotencyKey, string reason) =>
        Handle(new D.DisableRefillRule(idempotencyKey, reason), static (w, c, now) => w.DisableRefillRule(c, now), static r => ToContract(r));

    private static RefillRuleReceipt ToContract(D.RefillRuleReceipt receipt) => new(receipt.Sequence, receipt.State);
}
