namespace Waterfall.Domain.Policy;

/// <summary>
/// Limits on what a wallet may spend, in nano-dollars of money charged (USD grants burned plus
/// overage; unit credits do not count). Null means no limit. An empty model list allows every model.
/// </summary>
/// <param name="LowBalanceThreshold">
/// Spendable USD (nano-dollars) below which the wallet announces <c>wallet.balance_low</c>, once per
/// crossing, and <c>wallet.balance_recovered</c> when it rises back to it; null announces neither.
/// </param>
public sealed record SpendPolicy(
    long? PerRequestCap = null,
    long? DailyBudget = null,
    long? MonthlyBudget = null,
    IReadOnlyList<string>? AllowedModels = null,
    long? LowBalanceThreshold = null)
{
    public static readonly SpendPolicy Unlimited = new();

    public bool AllowsModel(string? model)
    {
        if (AllowedModels is null || AllowedModels.Count == 0) return true;
        return model is not null && AllowedModels.Contains(model, StringComparer.Ordinal);
    }

    public bool Equals(SpendPolicy? other) =>
        other is not null && PerRequestCap == other.PerRequestCap && DailyBudget == other.DailyBudget &&
        MonthlyBudget == other.MonthlyBudget && LowBalanceThreshold == other.LowBalanceThreshold &&
        (AllowedModels ?? []).SequenceEqual(other.AllowedModels ?? []);

    public override int GetHashCode() => HashCode.Combine(PerRequestCap, DailyBudget, MonthlyBudget, AllowedModels?.Count ?? 0, LowBalanceThreshold);
}
