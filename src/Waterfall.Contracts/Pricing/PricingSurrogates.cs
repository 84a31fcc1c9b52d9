using System.Text.Json;
using Waterfall.Domain.Pricing.Catalog;

namespace Waterfall.Contracts.Pricing;

// The domain's price types cross the grain boundary as they are (no contract copy of their
// shape): a model price travels as its JSON, which System.Text.Json round-trips exactly
// (decimals included), and the records around it through small surrogates.

[GenerateSerializer, Immutable, Alias("wf.ModelPrice")]
public readonly record struct ModelPriceSurrogate([property: Id(0)] string Json);

[RegisterConverter]
public sealed class ModelPriceConverter : IConverter<ModelPrice, ModelPriceSurrogate>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ModelPrice ConvertFromSurrogate(in ModelPriceSurrogate surrogate) =>
        JsonSerializer.Deserialize<ModelPrice>(surrogate.Json, Json) ?? throw new JsonException("Empty model price.");

    public ModelPriceSurrogate ConvertToSurrogate(in ModelPrice value) => new(JsonSerializer.Serialize(value, Json));
}

[GenerateSerializer, Immutable, Alias("wf.TenantPricing")]
public readonly record struct TenantPricingSurrogate([property: Id(0)] decimal MarkupPercent, [property: Id(1)] ModelPrice[] Overrides);

[RegisterConverter]
public sealed class TenantPricingConverter : IConverter<TenantPricing, TenantPricingSurrogate>
{
    public TenantPricing ConvertFromSurrogate(in TenantPricingSurrogate surrogate) =>
        new(surrogate.MarkupPercent, surrogate.Overrides.ToDictionary(p => p.Id, StringComparer.Ordinal));

    public TenantPricingSurrogate ConvertToSurrogate(in TenantPricing value) => new(value.MarkupPercent, [.. value.Overrides.Values]);
}

[GenerateSerializer, Immutable, Alias("wf.TenantPriceVersion")]
public readonly record struct TenantPriceVersionSurrogate(
    [property: Id(0)] int Version, [property: Id(1)] TenantPricing Pricing, [property: Id(2)] DateTimeOffset PublishedAt, [property: Id(3)] string PublishKey);

[RegisterConverter]
public sealed class TenantPriceVersionConverter : IConverter<TenantPriceVersion, TenantPriceVersionSurrogate>
{
    public TenantPriceVersion ConvertFromSurrogate(in TenantPriceVersionSurrogate s) => new(s.Version, s.Pricing, s.PublishedAt, s.PublishKey);

    public TenantPriceVersionSurrogate ConvertToSurrogate(in TenantPriceVersion v) => new(v.Version, v.Pricing, v.PublishedAt, v.PublishKey);
}
