using Google.Protobuf.WellKnownTypes;
using C = Waterfall.Contracts;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Mapping;

/// <summary>
/// A wallet's grants seen per metric: what a platform shows as "requests left this month" or
/// "sessions left". Only grants scoped to metrics count; the burn rules themselves stay the
/// domain's (a charge of a metric draws only on grants whose scope admits it).
/// </summary>
internal static class MetricQuotas
{
    public static IEnumerable<V1.MetricQuota> Of(IEnumerable<C.GrantView> grants)
    {
        var quotas = new SortedDictionary<(string Metric, string Unit), V1.MetricQuota>();
        foreach (var grant in grants)
        {
            foreach (var metric in grant.Terms.Scope.Metrics.Distinct(StringComparer.Ordinal))
            {
                var key = (metric, grant.Terms.Amount.Unit);
                if (!quotas.TryGetValue(key, out var quota))
                    quotas[key] = quota = new V1.MetricQuota { Metric = metric, Unit = grant.Terms.Amount.Unit };
                quota.Granted += grant.Terms.Amount.Value;
                quota.Remaining += grant.Remaining;
                quota.Held += grant.Held;
                quota.GrantCount++;
                if (grant.Remaining > 0 && grant.Terms.ExpiresAt is { } expires &&
                    (quota.NextExpiry is null || expires < quota.NextExpiry.ToDateTimeOffset()))
                    quota.NextExpiry = Timestamp.FromDateTimeOffset(expires);
            }
        }
        return quotas.Values;
    }
}
