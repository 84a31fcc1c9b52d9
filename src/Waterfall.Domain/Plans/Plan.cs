namespace Waterfall.Domain.Plans;

/// <summary>
/// A rate plan and its versions, oldest first. At most the last version is a draft; every other one is
/// published and never changes, so a subscription pinned to it bills the same forever. Each method
/// answers the plan after the change, or why it was refused (and then nothing changed).
/// </summary>
[GenerateSerializer, Immutable, Alias("wf.Plan")]
public sealed record Plan([property: Id(0)] string Id, [property: Id(1)] PlanVersion[] Versions)
{
    public static Plan New(string id) => new(id, []);

    public bool Exists => Versions.Length > 0;

    public PlanVersion? Draft => Versions.Length > 0 && !Versions[^1].IsPublished ? Versions[^1] : null;

    public PlanVersion? LatestPublished => Versions.LastOrDefault(v => v.IsPublished);

    /// <summary>
    /// Writes the draft: replaces the open draft, or starts the next version when the last one is published.
    /// <paramref name="version"/>, when given, must be the draft's number: editing a published version is refused.
    /// </summary>
    public PlanResult SaveDraft(int? version, PlanTerms terms, Func<string, bool> isKnownModel)
    {
        if (version is { } asked)
        {
            var target = Find(asked);
            if (target is null && asked != Versions.Length + 1) return VersionNotFound(asked);
            if (target is { IsPublished: true })
                return new(null, Refusal.Of(BillingReasons.PlanVersionPublished,
                    $"Plan '{Id}' v{asked} is published and never changes; save a new draft (v{Versions.Length + (Draft is null ? 1 : 0)}) instead.",
                    Meta(asked)));
        }
        var violations = PlanValidation.Check(terms, isKnownModel);
        if (violations.Count > 0) return new(null, Refusal.Invalid([.. violations]));

        var draft = new PlanVersion(Draft?.Number ?? Versions.Length + 1, terms, null);
        var versions = Draft is null ? [.. Versions, draft] : Versions[..^1].Append(draft).ToArray();
        return new(this with { Versions = versions }, null);
    }

    /// <summary>Publishes a draft. Publishing a version already published is a replay, not a change.</summary>
    public PlanResult Publish(int version, DateTimeOffset now, Func<string, bool> isKnownModel)
    {
        var target = Find(version);
        if (target is null) return VersionNotFound(version);
        if (target.IsPublished) return new(this, null);
        // The catalog may have changed since the draft was saved: a version is checked as it is published.
        var violations = PlanValidation.Check(target.Terms, isKnownModel);
        if (violations.Count > 0) return new(null, Refusal.Invalid([.. violations]));
        var versions = Versions.Select(v => v.Number == version ? v with { PublishedAt = now } : v).ToArray();
        return new(this with { Versions = versions }, null);
    }

    /// <summary>The published version a subscription may pin: <paramref name="version"/>, or the latest when null.</summary>
    public VersionResult Subscribable(int? version)
    {
        if (!Exists) return new(null, NotFound(Id));
        if (version is null)
            return LatestPublished is { } latest
                ? new(latest, null)
                : new(null, Refusal.Of(BillingReasons.PlanVersionNotPublished, $"Plan '{Id}' has no published version yet.", Meta(null)));
        var found = Find(version.Value);
        if (found is null) return new(null, VersionNotFound(version.Value).Refusal);
        return found.IsPublished
            ? new(found, null)
            : new(null, Refusal.Of(BillingReasons.PlanVersionNotPublished, $"Plan '{Id}' v{version} is a draft; only a published version can be subscribed to.", Meta(version)));
    }

    public PlanVersion? Find(int version) => Versions.FirstOrDefault(v => v.Number == version);

    public static Refusal NotFound(string planId) =>
        Refusal.Of(BillingReasons.PlanNotFound, $"No plan '{planId}'.", new Dictionary<string, string> { ["plan_id"] = planId });

    private PlanResult VersionNotFound(int version) =>
        new(null, Refusal.Of(BillingReasons.PlanVersionNotFound, $"Plan '{Id}' has no version {version}.", Meta(version)));

    private Dictionary<string, string> Meta(int? version)
    {
        var meta = new Dictionary<string, string> { ["plan_id"] = Id };
        if (version is { } v) meta["version"] = v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return meta;
    }
}

/// <summary>The plan after a change, or why the change was refused.</summary>
public readonly record struct PlanResult(Plan? Plan, Refusal? Refusal);

public readonly record struct VersionResult(PlanVersion? Version, Refusal? Refusal);
