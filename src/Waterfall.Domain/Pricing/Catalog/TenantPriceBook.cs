namespace Waterfall.Domain.Pricing.Catalog;

/// <summary>
/// A tenant's price overrides over time: a draft that is edited freely, and published versions
/// that never change. Only the newest published version prices new calls.
/// </summary>
/// <remarks>
/// Overrides replace a catalog model's prices whole, or add a model the catalog lacks (a
/// tenant-defined model: its provider is whatever the tenant says). The markup applies on top
/// of every price, overridden or not, exactly as <see cref="TenantPricing"/> states.
/// </remarks>
public sealed class TenantPriceBook
{
    /// <summary>Past this many models in one version the book refuses: a price list, not a data store.</summary>
    public const int MaxOverrides = 1000;

    private readonly List<TenantPriceVersion> _published;

    public TenantPriceBook(IEnumerable<TenantPriceVersion>? published = null, TenantPricing? draft = null)
    {
        _published = [.. (published ?? []).OrderBy(v => v.Version)];
        Draft = draft;
    }

    public IReadOnlyList<TenantPriceVersion> Published => _published;

    /// <summary>The prices being prepared, or null when there is nothing unpublished.</summary>
    public TenantPricing? Draft { get; private set; }

    /// <summary>The newest published version, or null when the tenant has published none.</summary>
    public TenantPriceVersion? Current => _published.Count == 0 ? null : _published[^1];

    public TenantPriceVersion? VersionOf(int version) => _published.Find(v => v.Version == version);

    /// <summary>Replaces the draft; refuses contradictions field by field and then changes nothing.</summary>
    public Refusal? SaveDraft(decimal markupPercent, IReadOnlyList<ModelPrice> overrides)
    {
        if (Validate(markupPercent, overrides) is { } refusal) return refusal;
        Draft = new TenantPricing(markupPercent, overrides.ToDictionary(p => p.Id, StringComparer.Ordinal));
        return null;
    }

    /// <summary>
    /// Makes the draft the next version. The same key answers the version it published (a retry);
    /// without a draft there is nothing to publish.
    /// </summary>
    public (TenantPriceVersion? Version, bool Replayed, Refusal? Refusal) Publish(string key, DateTimeOffset now)
    {
        if (!Identifier.IsValid(key))
            return (null, false, Refusal.Invalid(new FieldViolation("idempotency_key", "is required (1-128 characters of letters, digits and -_.:/)")));
        if (_published.Find(v => v.PublishKey == key) is { } earlier) return (earlier, true, null);
        if (Draft is null)
            return (null, false, Refusal.Of(Reasons.PricingDraftMissing, "There is no draft to publish: save one first."));
        var version = new TenantPriceVersion((Current?.Version ?? 0) + 1, Draft, now, key);
        _published.Add(version);
        Draft = null;
        return (version, false, null);
    }

    private static Refusal? Validate(decimal markupPercent, IReadOnlyList<ModelPrice> overrides)
    {
        var violations = new List<FieldViolation>();
        if (markupPercent < -100) violations.Add(new("markup_percent", "must be at least -100 (a lower markup makes prices negative)"));
        if (overrides.Count > MaxOverrides) violations.Add(new("overrides", $"must hold at most {MaxOverrides} models"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < overrides.Count; i++)
        {
            if (overrides[i] is not { } price) { violations.Add(new($"overrides[{i}]", "must not be null")); continue; }
            foreach (var v in price.Violations()) violations.Add(new($"overrides[{i}].{v.Field}", v.Description));
            if (!string.IsNullOrEmpty(price.Id) && !seen.Add(price.Id)) violations.Add(new($"overrides[{i}].id", $"'{price.Id}' is listed twice"));
            if (price is { Input: null, Output: null }) violations.Add(new($"overrides[{i}]", "must price input or output tokens"));
        }
        return violations.Count == 0 ? null : Refusal.Invalid([.. violations]);
    }
}
