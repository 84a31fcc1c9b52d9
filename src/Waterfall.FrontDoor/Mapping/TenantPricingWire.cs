using Google.Protobuf.WellKnownTypes;
using Waterfall.Contracts.Pricing;
using Waterfall.Domain.Pricing.Catalog;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Mapping;

/// <summary>Tenant pricing between the wire and the domain.</summary>
internal static class TenantPricingWire
{
    /// <summary>Prices as the tenant's customers pay them: the price times the tenant's markup.</summary>
    public static V1.ModelPrice Price(ModelPrice m, decimal markup)
    {
        string P(decimal? price) => Decimals.Format(price * markup);
        var message = new V1.ModelPrice
        {
            Id = m.Id, Provider = m.Provider, Mode = m.Mode,
            Input = P(m.Input), Output = P(m.Output), CacheRead = P(m.CacheRead), CacheWrite5M = P(m.CacheWrite5m), CacheWrite1H = P(m.CacheWrite1h),
            Reasoning = P(m.Reasoning), AudioInput = P(m.AudioInput), AudioOutput = P(m.AudioOutput), BatchInput = P(m.BatchInput), BatchOutput = P(m.BatchOutput),
            MaxInputTokens = m.MaxInputTokens ?? 0, MaxOutputTokens = m.MaxOutputTokens ?? 0,
        };
        message.LongContextTiers.AddRange(m.LongContextTiers.Select(t => new V1.LongContextTier
        {
            ThresholdTokens = t.ThresholdTokens, Input = P(t.Input), Output = P(t.Output), CacheRead = P(t.CacheRead), CacheWrite = P(t.CacheWrite),
        }));
        return message;
    }

    public static V1.TenantPricingVersion Version(TenantPriceVersion version) => Version(version.Version, version.PublishedAt, version.Pricing);

    public static V1.TenantPricing Sheet(TenantPriceSheet sheet)
    {
        var message = new V1.TenantPricing { CurrentVersion = sheet.Published.Length == 0 ? 0 : sheet.Published[^1].Version };
        message.Versions.AddRange(sheet.Published.Select(Version));
        if (sheet.Draft is { } draft)
        {
            message.Draft = Version(0, null, draft);
            message.HasDraft = true;
        }
        return message;
    }

    /// <summary>The draft's markup and overrides; every malformed field is noted on <paramref name="read"/>.</summary>
    public static (decimal Markup, ModelPrice[] Overrides) ReadDraft(RequestReader read, V1.SaveTenantPricingDraftRequest request)
    {
        decimal markup = 0;
        if (!string.IsNullOrEmpty(request.MarkupPercent) && !Decimals.TryParse(request.MarkupPercent, out markup))
            read.Violation("markup_percent", "must be a decimal number, e.g. \"20\" or \"-5.5\"");
        var overrides = new ModelPrice[request.Overrides.Count];
        for (var i = 0; i < overrides.Length; i++)
        {
            var o = request.Overrides[i];
            var f = $"overrides[{i}]";
            overrides[i] = new ModelPrice
            {
                Id = o.Id, Provider = o.Provider, Mode = o.Mode,
                Input = Number(read, o.Input, $"{f}.input"), Output = Number(read, o.Output, $"{f}.output"),
                CacheRead = Number(read, o.CacheRead, $"{f}.cache_read"), CacheWrite5m = Number(read, o.CacheWrite5M, $"{f}.cache_write_5m"),
                CacheWrite1h = Number(read, o.CacheWrite1H, $"{f}.cache_write_1h"), Reasoning = Number(read, o.Reasoning, $"{f}.reasoning"),
                AudioInput = Number(read, o.AudioInput, $"{f}.audio_input"), AudioOutput = Number(read, o.AudioOutput, $"{f}.audio_output"),
                BatchInput = Number(read, o.BatchInput, $"{f}.batch_input"), BatchOutput = Number(read, o.BatchOutput, $"{f}.batch_output"),
                MaxInputTokens = o.MaxInputTokens == 0 ? null : o.MaxInputTokens, MaxOutputTokens = o.MaxOutputTokens == 0 ? null : o.MaxOutputTokens,
                LongContextTiers = [.. o.LongContextTiers.Select((t, j) => new LongContextTier(t.ThresholdTokens,
                    Number(read, t.Input, $"{f}.long_context_tiers[{j}].input"), Number(read, t.Output, $"{f}.long_context_tiers[{j}].output"),
                    Number(read, t.CacheRead, $"{f}.long_context_tiers[{j}].cache_read"), Number(read, t.CacheWrite, $"{f}.long_context_tiers[{j}].cache_write")))],
            };
        }
        return (markup, overrides);
    }

    /// <summary>A price as written; its sign and sense are the domain's to judge, with every other field's.</summary>
    private static decimal? Number(RequestReader read, string text, string field)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (Decimals.TryParse(text, out var value)) return value;
        read.Violation(field, "must be a decimal number (USD per token), e.g. \"0.0000025\"");
        return null;
    }

    private static V1.TenantPricingVersion Version(int number, DateTimeOffset? publishedAt, TenantPricing pricing)
    {
        var message = new V1.TenantPricingVersion
        {
            Version = number, MarkupPercent = Decimals.Format(pricing.MarkupPercent),
            PublishedAt = publishedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        };
        // As the tenant set them (before markup): what it would save again.
        message.Overrides.AddRange(pricing.Overrides.Values.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => Price(p, 1m)));
        return message;
    }
}
