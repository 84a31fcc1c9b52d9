using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Waterfall.Domain.Pricing.Catalog;

/// <summary>
/// An immutable set of model prices, looked up by exact model id. Immutable so one instance can
/// be shared by every rating call without locks, and so a tenant's overrides produce a new
/// catalog instead of changing the one other tenants read.
/// </summary>
public sealed class PriceCatalog
{
    /// <summary>The logical name the csproj gives the catalog that ships inside the assembly.</summary>
    public const string EmbeddedResourceName = "Waterfall.Domain.model-prices.json";

    // Lazy: a process that never rates (a tool, a test of something else) never parses 483 models.
    private static readonly Lazy<PriceCatalog> DefaultCatalog = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<string, ModelPrice> _byId;

    /// <summary>
    /// Builds a catalog from prices. Throws <see cref="ArgumentException"/> if a price is invalid
    /// or an id appears twice: a catalog with two prices for one model would bill by accident of order.
    /// </summary>
    public PriceCatalog(IEnumerable<ModelPrice> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var list = new List<ModelPrice>();
        var byId = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            ArgumentNullException.ThrowIfNull(model, nameof(models));
            var violations = model.Violations();
            if (violations.Count > 0)
                throw new ArgumentException(
                    $"Invalid price for model '{model.Id}': " + string.Join("; ", violations.Select(v => $"{v.Field} {v.Description}")),
                    nameof(models));
            if (!byId.TryAdd(model.Id, model))
                throw new ArgumentException($"Model '{model.Id}' is listed twice.", nameof(models));
            list.Add(model);
        }
        Models = list.AsReadOnly();
        _byId = byId.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The catalog that ships with the product (<c>model-prices.json</c>), parsed once on first use.</summary>
    public static PriceCatalog Default => DefaultCatalog.Value;

    /// <summary>Every model, in the order the source listed them (overrides replace in place; added models come last).</summary>
    public IReadOnlyList<ModelPrice> Models { get; }

    public int Count => Models.Count;

    /// <summary>Exact, case-sensitive lookup: <c>GPT-4o</c> is not <c>gpt-4o</c>, because a near match would bill the wrong price.</summary>
    public bool TryGet(string modelId, [MaybeNullWhen(false)] out ModelPrice price)
    {
        if (modelId is null)
        {
            price = null;
            return false;
        }
        return _byId.TryGetValue(modelId, out price);
    }

    /// <summary>
    /// A new catalog where each override replaces the model with the same id, whole (no field-by-field
    /// merge, so an override never inherits a price its author did not write), or is added if new.
    /// </summary>
    public PriceCatalog WithOverrides(IEnumerable<ModelPrice> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var replacements = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        var added = new List<ModelPrice>();
        foreach (var model in overrides)
        {
            ArgumentNullException.ThrowIfNull(model, nameof(overrides));
            if (!replacements.TryAdd(model.Id, model))
                throw new ArgumentException($"Model '{model.Id}' is overridden twice.", nameof(overrides));
            if (!_byId.ContainsKey(model.Id)) added.Add(model);
        }
        if (replacements.Count == 0) return this;
        return new PriceCatalog(Models.Select(m => replacements.GetValueOrDefault(m.Id, m)).Concat(added));
    }

    /// <summary>Reads a catalog in the <c>model-prices.json</c> format. Throws <see cref="FormatException"/> if it is malformed.</summary>
    public static PriceCatalog Load(ReadOnlySpan<byte> utf8Json)
    {
        var models = PriceCatalogReader.Read(utf8Json);
        try
        {
            return new PriceCatalog(models);
        }
        catch (ArgumentException e)
        {
            // One exception type for "this file is wrong", whichever check noticed.
            throw new FormatException(e.Message, e);
        }
    }

    /// <inheritdoc cref="Load(ReadOnlySpan{byte})"/>
    public static PriceCatalog Load(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var buffer = new MemoryStream();
        utf8Json.CopyTo(buffer);
        return Load(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static PriceCatalog LoadEmbedded()
    {
        using var stream = typeof(PriceCatalog).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"The assembly does not embed '{EmbeddedResourceName}'.");
        return Load(stream);
    }
}
