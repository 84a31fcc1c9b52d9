namespace Waterfall.Domain.Plans;

/// <summary>An automatic top-up: when the balance falls below <see cref="Threshold"/>, add <see cref="Amount"/> (or refill up to it, with <see cref="ToTarget"/>).</summary>
[GenerateSerializer, Immutable, Alias("wf.AutoRefill")]
public sealed record AutoRefill([property: Id(0)] long Threshold, [property: Id(1)] long Amount, [property: Id(2)] bool ToTarget);

/// <summary>
/// The spend policy a plan gives the wallets it provisions (nano-dollars; null: no limit), and its
/// auto-refill rule (stored with the plan; refills are the refill work's to run).
/// </summary>
[GenerateSerializer, Immutable, Alias("wf.WalletDefaults")]
public sealed record WalletDefaults(
    [property: Id(0)] long? PerRequestCap,
    [property: Id(1)] long? DailyBudget,
    [property: Id(2)] long? MonthlyBudget,
    [property: Id(3)] string[] AllowedModels,
    [property: Id(4)] AutoRefill? Refill)
{
    public static readonly WalletDefaults None = new(null, null, null, [], null);
}
