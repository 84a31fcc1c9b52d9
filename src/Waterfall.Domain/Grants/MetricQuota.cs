namespace Waterfall.Domain.Grants;

/// <summary>
/// A wallet's credit seen per metric: what a platform shows as "requests left this month" or "sessions
/// left". Only grants scoped to metrics count, and a grant scoped to several counts under each; which
/// charge may draw on which grant stays the waterfall's rule (a charge of a metric draws only on grants
/// whose scope admits it).
/// </summary>
/// <param name="Remaining">What is left of the metric's grants, <paramref name="Held"/> included.</param>
/// <param name="NextExpiry">The earliest expiry among the metric's grants that still hold credit.</param>
[GenerateSerializer, Immutable, Alias("wf.MetricQuota")]
public sealed record MetricQuota(
    [property: Id(0)] string Metric,
    [property: Id(1)] string Unit,
    [property: Id(2)] long Granted,
    [property: Id(3)] long Remaining,
    [property: Id(4)] long Held,
    [property: Id(5)] int GrantCount,
    [property: Id(6)] DateTimeOffset? NextExpiry)
{
    /// <summary>The quotas of <paramref name="grants"/>, ordered by metric, then unit.</summary>
    public static MetricQuota[] Of(IEnumerable<Grant> grants)
    {
        var quotas = new SortedDictionary<(string Metric, string Unit), MetricQuota>(QuotaOrder.Instance);
        foreach (var grant in grants)
        foreach (var metric in grant.Terms.Scope.Metrics.Distinct(StringComparer.Ordinal))
        {
            var key = (metric, grant.Unit.Code);
            var quota = quotas.GetValueOrDefault(key) ?? new MetricQuota(metric, grant.Unit.Code, 0, 0, 0, 0, null);
            var expiry = grant.Remaining > 0 ? grant.Terms.ExpiresAt : null;
            quotas[key] = quota with
            {
                Granted = checked(quota.Granted + grant.Terms.Amount.Value),
                Remaining = checked(quota.Remaining + grant.Remaining),
                Held = checked(quota.Held + grant.Held),
                GrantCount = quota.GrantCount + 1,
                NextExpiry = Earliest(quota.NextExpiry, expiry),
            };
        }
        return [.. quotas.Values];
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private sealed class QuotaOrder : IComparer<(string Metric, string Unit)>
    {
        public static readonly QuotaOrder Instance = new();

        public int Compare((string Metric, string Unit) x, (string Metric, string Unit) y)
        {
            var byMetric = string.CompareOrdinal(x.Metric, y.Metric);
            return byMetric != 0 ? byMetric : string.CompareOrdinal(x.Unit, y.Unit);
        }
    }
}
