using Waterfall.Domain.Billing;
using Waterfall.Domain.Policy;

namespace Waterfall.Domain.Wallets;

/// <summary>How a wallet bills and what it may spend; who owns it.</summary>
public sealed record WalletSettings(BillingTerms Billing, SpendPolicy Policy, string? CustomerId = null)
{
    public static readonly WalletSettings Default = new(BillingTerms.Prepaid, SpendPolicy.Unlimited);

    /// <summary>Equal settings that hold the shared default parts wherever they equal them.</summary>
    public WalletSettings SharingDefaults()
    {
        if (this == Default) return Default;
        var billing = Billing == BillingTerms.Prepaid ? BillingTerms.Prepaid : Billing;
        var policy = Policy == SpendPolicy.Unlimited ? SpendPolicy.Unlimited : Policy;
        return ReferenceEquals(billing, Billing) && ReferenceEquals(policy, Policy) ? this : this with { Billing = billing, Policy = policy };
    }
}
