using Waterfall.Domain.Refills;

namespace Waterfall.Domain.Wallets;

/// <summary>The answer to setting, clearing or disabling a refill rule: the rule's state after it.</summary>
public sealed record RefillRuleReceipt(long Sequence, RefillState State) : Receipt(Sequence);
