using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Wallets;

/// <summary>An x402 top-up credited on verification whose on-chain settlement is still to come.</summary>
public sealed record PendingTopUp(GrantId Grant, Amount Amount, string? Payer, string? Network, string? Reference);
