using Google.Protobuf.WellKnownTypes;
using Waterfall.Domain.Grants;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Mapping;

/// <summary>The domain's quotas per metric as the API writes them, on a wallet and on a customer's wallets.</summary>
internal static class MetricQuotas
{
    public static IEnumerable<V1.MetricQuota> Write(IEnumerable<MetricQuota> quotas) =>
        quotas.Select(q => new V1.MetricQuota
        {
            Metric = q.Metric, Unit = q.Unit, Granted = q.Granted, Remaining = q.Remaining, Held = q.Held, GrantCount = q.GrantCount,
            NextExpiry = q.NextExpiry is { } expiry ? Timestamp.FromDateTimeOffset(expiry) : null,
        });
}
