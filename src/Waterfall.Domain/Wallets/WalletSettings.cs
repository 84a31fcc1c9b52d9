using Waterfall.Domain.Billing;
using Waterfall.Domain.Policy;

namespace Waterfall.Domain.Wallets;

/// <summary>How a wallet bills and what it may spend; who owns it.</summary>
public sealed record WalletSettings(BillingTerms Billing, SpendPolicy Policy, string? CustomerId = null)
{
    public static readonly WalletSettings Default = new(BillingTerms.Prepaid, SpendPolicy.Unlimited);
}
