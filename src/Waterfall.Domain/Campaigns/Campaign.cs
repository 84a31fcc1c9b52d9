using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Plans;

namespace Waterfall.Domain.Campaigns;

/// <summary>
/// A promotional campaign and every redemption of it. It is the one place redemptions are counted, so
/// whoever owns it serially (its grain) never lets them pass its limits, however many wallets redeem at once.
/// Mutable on purpose: redemptions are added one by one, and a campaign may have many.
/// </summary>
[GenerateSerializer, Alias("wf.Campaign")]
public sealed class Campaign
{
    public const int MaxIdLength = 100;

    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public CampaignTerms? Terms { get; set; }
    [Id(2)] public Dictionary<string, Redemption> Redemptions { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public long Redeemed { get; set; }
    [Id(4)] public DateTimeOffset? CreatedAt { get; set; }

    public bool Exists => Terms is not null;

    public static bool IsValidId(string? id) => Identifier.IsValid(id) && id!.Length <= MaxIdLength;

    public CampaignStatistics Statistics => new(Redemptions.Count, Redeemed, null, null);

    /// <summary>Creates the campaign or replaces its terms; its grant cannot change once redeemed.</summary>
    public Refusal? Define(CampaignTerms terms, DateTimeOffset now, Func<string, bool> isKnownModel)
    {
        var violations = terms?.Check(isKnownModel) ?? [new("terms", "are required")];
        if (Terms is { } current && Redemptions.Count > 0 && terms is not null && !SameGrant(current.Grant, terms.Grant))
            violations.Add(new("grant", "cannot change once the campaign has been redeemed"));
        if (violations.Count > 0) return Refusal.Invalid([.. violations]);
        Terms = terms;
        CreatedAt ??= now;
        return null;
    }

    /// <summary>
    /// Redeems for one wallet: again for the same wallet is a replay of the first redemption; otherwise the
    /// window, eligibility and limits decide. On success the redemption is recorded here before its grant is made.
    /// </summary>
    public RedemptionResult Redeem(RedemptionRequest request, DateTimeOffset now)
    {
        if (Terms is not { } terms) return Refused(BillingReasons.CampaignNotFound, $"No campaign '{Id}'.");
        if (Redemptions.TryGetValue(request.WalletId, out var earlier)) return new(earlier, true, null);
        if (!terms.Window.Contains(now))
            return Refused(BillingReasons.CampaignOutOfWindow, $"Campaign '{Id}' can be redeemed {Describe(terms.Window)}; it is {now:O}.");
        if (Ineligibility(terms.Eligibility, request) is { } why) return Refused(BillingReasons.CampaignNotEligible, why);
        if (terms.Limits.OncePerCustomer && request.CustomerId is { } customer && Redemptions.Values.Any(r => r.CustomerId == customer))
            return Refused(BillingReasons.CampaignAlreadyRedeemed, $"Customer '{customer}' has already redeemed campaign '{Id}'.");
        if (terms.Limits.MaxRedemptions is { } max && Redemptions.Count >= max)
            return Refused(BillingReasons.CampaignLimitReached, $"Campaign '{Id}' has reached its {max} redemptions.");
        if (terms.Limits.MaxTotalAmount is { } total && Redeemed + terms.Grant.Amount > total)
            return Refused(BillingReasons.CampaignLimitReached, $"Campaign '{Id}' has given {Redeemed} of its {total} {terms.Grant.Unit}.");

        var expiresAt = terms.Grant.ExpiresAt ?? (terms.Grant.ExpiresAfterDays is { } days ? now.AddDays(days) : null);
        var redemption = new Redemption(request.WalletId, request.CustomerId, now, expiresAt, terms.Grant.Amount, $"campaign:{Id}");
        Redemptions[request.WalletId] = redemption;
        Redeemed += redemption.Amount;
        return new(redemption, false, null);
    }

    /// <summary>The grant a redemption puts in its wallet.</summary>
    public GrantTerms GrantFor(Redemption redemption)
    {
        var grant = Terms!.Grant;
        var kind = new GrantKind(grant.Kind);
        var scope = grant.Scope ?? PlanScope.Any;
        return new GrantTerms(kind, new Amount(redemption.Amount, CreditUnit.Parse(grant.Unit)), grant.Priority ?? kind.DefaultPriority ?? 0,
            null, redemption.ExpiresAt, new GrantScope(scope.Metrics ?? [], scope.Models ?? [], scope.Providers ?? []),
            new GrantSource(GrantSourceKind.Campaign, Id), grant.CostBasis);
    }

    private static string? Ineligibility(CampaignEligibility eligibility, RedemptionRequest request)
    {
        if (eligibility.Plans is { Length: > 0 } plans && (request.PlanId is null || !plans.Contains(request.PlanId, StringComparer.Ordinal)))
            return $"The campaign is for plans {string.Join(", ", plans)} only.";
        if (eligibility.NewSubscriptionsOnly && !request.NewSubscription)
            return "The campaign is for new subscriptions only.";
        if (eligibility.Customers is { Length: > 0 } customers && (request.CustomerId is null || !customers.Contains(request.CustomerId, StringComparer.Ordinal)))
            return "The campaign is for a list of customers this one is not on.";
        return null;
    }

    private static bool SameGrant(CampaignGrant a, CampaignGrant b) =>
        a.Kind == b.Kind && a.Unit == b.Unit && a.Amount == b.Amount && a.Priority == b.Priority && a.ExpiresAt == b.ExpiresAt &&
        a.ExpiresAfterDays == b.ExpiresAfterDays && a.CostBasis == b.CostBasis;

    private static string Describe(CampaignWindow window) =>
        (window.StartsAt, window.EndsAt) switch
        {
            ({ } s, { } e) => $"from {s:O} until {e:O}",
            ({ } s, null) => $"from {s:O}",
            (null, { } e) => $"until {e:O}",
            _ => "at any time",
        };

    private RedemptionResult Refused(string reason, string message) =>
        new(null, false, Refusal.Of(reason, message, new Dictionary<string, string> { ["campaign_id"] = Id }));
}
