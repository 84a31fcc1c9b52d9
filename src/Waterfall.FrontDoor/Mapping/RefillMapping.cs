using Google.Protobuf.WellKnownTypes;
using Waterfall.Domain.Refills;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Mapping;

/// <summary>The refill rule between the wire (refills.proto) and the domain.</summary>
internal static class RefillMapping
{
    /// <summary>The rule as the domain takes it; the domain checks the amounts, this only the shape.</summary>
    public static RefillRule Read(RequestReader read, V1.RefillRule? rule)
    {
        if (rule is null)
        {
            read.Violation("rule", "is required");
            return new RefillRule(0, RefillMode.Fixed, 0, 0);
        }
        var mode = rule.Mode switch
        {
            V1.RefillMode.Fixed => RefillMode.Fixed,
            V1.RefillMode.Target => RefillMode.Target,
            _ => (RefillMode?)null,
        };
        if (mode is null) read.Violation("rule.mode", "must be REFILL_MODE_FIXED or REFILL_MODE_TARGET");
        var funding = rule.Funding switch
        {
            V1.RefillFunding.Unspecified or V1.RefillFunding.Invoice => RefillFunding.Invoice,
            V1.RefillFunding.UsdcAllowance => RefillFunding.UsdcAllowance,
            _ => (RefillFunding?)null,
        };
        if (funding is null) read.Violation("rule.funding", "must be REFILL_FUNDING_INVOICE or REFILL_FUNDING_USDC_ALLOWANCE");
        // The permit's fields are the domain's to judge (spender, deadline, cap); what the service counted is not the caller's to say.
        var allowance = rule.Allowance is { } a ? new UsdcAllowance(a.Network, a.Owner, a.Spender, a.Cap, a.Deadline, a.Signature) : null;
        return new RefillRule(rule.Threshold, mode ?? RefillMode.Fixed, rule.Amount, rule.MonthlyCap, funding ?? RefillFunding.Invoice, allowance);
    }

    public static V1.WalletRefill Write(RefillState state)
    {
        var refill = new V1.WalletRefill
        {
            Enabled = state.Enabled,
            DisabledReason = state.DisabledReason ?? "",
            RefilledThisMonth = state.RefilledThisMonth,
            CapLeft = state.Rule is { } r ? Math.Max(0, r.MonthlyCap - state.RefilledThisMonth) : 0,
            Refills = state.Refills,
            Armed = state.Armed,
        };
        if (state.Rule is { } rule)
            refill.Rule = new V1.RefillRule
            {
                Threshold = rule.Threshold,
                Mode = rule.Mode == RefillMode.Target ? V1.RefillMode.Target : V1.RefillMode.Fixed,
                Amount = rule.Amount,
                MonthlyCap = rule.MonthlyCap,
                Funding = rule.Funding == RefillFunding.UsdcAllowance ? V1.RefillFunding.UsdcAllowance : V1.RefillFunding.Invoice,
                Allowance = rule.Allowance is { } a ? Write(a) : null,
            };
        if (state.DisabledAt is { } disabledAt) refill.DisabledAt = Timestamp.FromDateTimeOffset(disabledAt);
        if (state.LastRefillAt is { } last) refill.LastRefillAt = Timestamp.FromDateTimeOffset(last);
        return refill;
    }

    private static V1.UsdcAllowance Write(UsdcAllowance a) => new()
    {
        Network = a.Network, Owner = a.Owner, Spender = a.Spender, Cap = a.Cap, Deadline = a.Deadline, Signature = a.Signature,
        Pulled = a.Pulled, PermitSubmitted = a.PermitSubmitted,
    };
}
