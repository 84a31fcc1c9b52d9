namespace Waterfall.FrontDoor.Services;

/// <summary><c>Waterfall:Pricing</c>: how the front door follows tenants' published prices.</summary>
public sealed class PricingOptions
{
    /// <summary>How long a front door rates with the pricing version it knows before asking for a newer one.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
