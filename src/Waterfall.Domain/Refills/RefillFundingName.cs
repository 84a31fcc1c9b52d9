namespace Waterfall.Domain.Refills;

/// <summary>A funding source's name in JSON (events and the journal): snake case, fixed here rather than derived from the enum's C# name.</summary>
public static class RefillFundingName
{
    public static string Of(RefillFunding funding) => funding switch
    {
        RefillFunding.Invoice => "invoice",
        RefillFunding.UsdcAllowance => "usdc_allowance",
        _ => throw new ArgumentOutOfRangeException(nameof(funding), funding, "Not a refill funding source."),
    };

    /// <summary>Reads either the snake-case name or the enum's C# name (how the journal stored invoice rules before this type existed).</summary>
    public static RefillFunding? Parse(string? name) => name?.ToLowerInvariant() switch
    {
        "invoice" => RefillFunding.Invoice,
        "usdc_allowance" or "usdcallowance" => RefillFunding.UsdcAllowance,
        _ => null,
    };
}
