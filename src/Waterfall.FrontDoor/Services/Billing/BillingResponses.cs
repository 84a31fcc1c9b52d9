using Google.Protobuf.WellKnownTypes;
using Waterfall.Contracts.Billing;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Campaigns;
using Waterfall.Domain.Customers;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Subscriptions;
using Waterfall.FrontDoor.Mapping;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Services.Billing;

/// <summary>Writes the billing context's domain types as the public messages.</summary>
internal static class BillingResponses
{
    public static V1.Plan Plan(Plan plan)
    {
        var message = new V1.Plan { PlanId = plan.Id, PublishedVersion = plan.LatestPublished?.Number ?? 0, DraftVersion = plan.Draft?.Number ?? 0 };
        message.Versions.AddRange(plan.Versions.Select(Version));
        return message;
    }

    private static V1.PlanVersion Version(PlanVersion version) => new()
    {
        Version = version.Number,
        Terms = Terms(version.Terms),
        PublishedAt = Time(version.PublishedAt),
    };

    private static V1.PlanTerms Terms(PlanTerms terms)
    {
        var d = terms.Defaults ?? WalletDefaults.None;
        var policy = new V1.SpendPolicy();
        if (d.PerRequestCap is { } cap) policy.PerRequestCap = cap;
        if (d.DailyBudget is { } daily) policy.DailyBudget = daily;
        if (d.MonthlyBudget is { } monthly) policy.MonthlyBudget = monthly;
        policy.AllowedModels.AddRange(d.AllowedModels ?? []);
        var message = new V1.PlanTerms
        {
            Name = terms.Name,
            BillingMode = terms.BillingMode switch
            {
                BillingMode.Postpaid => V1.BillingMode.Postpaid,
                BillingMode.Hybrid => V1.BillingMode.Hybrid,
                _ => V1.BillingMode.Prepaid,
            },
            OverageLimit = terms.OverageLimit,
            Period = new V1.BillingPeriod
            {
                Length = terms.Period.Length switch { PeriodLength.Weekly => V1.PeriodLength.Weekly, PeriodLength.Daily => V1.PeriodLength.Daily, _ => V1.PeriodLength.Monthly },
                Anchor = terms.Period.Anchor == PeriodAnchor.Calendar ? V1.PeriodAnchor.Calendar : V1.PeriodAnchor.Anniversary,
                TimeZone = terms.Period.TimeZone,
            },
            Defaults = new V1.WalletDefaults
            {
                Policy = policy,
                Refill = d.Refill is { } r ? new V1.AutoRefill { Threshold = r.Threshold, Amount = r.Amount, ToTarget = r.ToTarget } : null,
            },
            OnCancel = terms.OnCancel == UnusedCredits.Forfeit ? "forfeit" : "keep",
            ProgressiveThreshold = terms.ProgressiveThreshold,
        };
        message.Charges.AddRange(terms.Charges.Select(c => new V1.PlanCharge { Metric = c.Metric, Pricing = Pricing(c.Pricing) }));
        message.Grants.AddRange(terms.Grants.Select(Grant));
        message.CustomMetrics.AddRange(terms.CustomMetrics);
        return message;
    }

    private static V1.Pricing Pricing(PricingSpec p)
    {
        var message = new V1.Pricing
        {
            Kind = p.Kind switch
            {
                PricingKind.Flat => V1.PricingKind.Flat,
                PricingKind.Tiered => V1.PricingKind.Tiered,
                PricingKind.Volume => V1.PricingKind.Volume,
                PricingKind.Package => V1.PricingKind.Package,
                PricingKind.Percentage => V1.PricingKind.Percentage,
                _ => V1.PricingKind.PerUnit,
            },
        };
        switch (p.Kind)
        {
            case PricingKind.PerUnit: message.UnitPrice = Decimals.Format(p.UnitPrice); break;
            case PricingKind.Flat: message.Fee = Decimals.Format(p.Fee); break;
            case PricingKind.Package:
                message.PackageSize = Decimals.Format(p.PackageSize);
                message.PackagePrice = Decimals.Format(p.PackagePrice);
                message.IncludedQuantity = Decimals.Format(p.IncludedQuantity);
                break;
            case PricingKind.Percentage: message.Percent = Decimals.Format(p.Percent); break;
            default:
                message.Tiers.AddRange((p.Tiers ?? []).Select(t => new V1.PriceTier
                {
                    UpTo = Decimals.Format(t.UpTo), UnitPrice = Decimals.Format(t.UnitPrice), FlatFee = Decimals.Format(t.FlatFee),
                }));
                break;
        }
        return message;
    }

    private static V1.PlanGrant Grant(PlanGrant g)
    {
        var message = new V1.PlanGrant
        {
            Id = g.Id,
            Timing = g.Timing == GrantTiming.EveryPeriod ? V1.GrantTiming.EveryPeriod : V1.GrantTiming.OnSubscribe,
            Kind = g.Kind,
            Amount = new V1.Amount { Value = g.Amount, Unit = g.Unit },
            Scope = Scope(g.Scope),
            Expiry = g.Expiry.Kind switch
            {
                GrantExpiryKind.EndOfPeriod => V1.GrantExpiryKind.EndOfPeriod,
                GrantExpiryKind.AfterDays => V1.GrantExpiryKind.AfterDays,
                _ => V1.GrantExpiryKind.Never,
            },
            ExpiryDays = g.Expiry.Days,
            Rollover = new V1.Rollover
            {
                Kind = g.Rollover.Kind switch { RolloverKind.All => V1.RolloverKind.All, RolloverKind.Capped => V1.RolloverKind.Capped, _ => V1.RolloverKind.None },
                Cap = g.Rollover.Cap,
                MaxPeriods = g.Rollover.MaxPeriods,
            },
            CostBasis = Decimals.Format(g.CostBasis),
        };
        if (g.Priority is { } priority) message.Priority = priority;
        return message;
    }

    public static V1.Customer Customer(CustomerView view)
    {
        var c = view.Customer;
        var message = new V1.Customer
        {
            CustomerId = c.Id,
            ExternalId = c.Profile.ExternalId ?? "",
            Name = c.Profile.Name ?? "",
            Email = c.Profile.Email ?? "",
            CreatedAt = Time(c.CreatedAt),
        };
        message.Wallets.AddRange(view.Wallets.Select(w => Wallet(w.Wallet, w.Balances, w.Quotas)));
        message.Subscriptions.AddRange(c.Subscriptions.Select(Subscription));
        return message;
    }

    public static V1.CustomerWallet Wallet(CustomerWallet wallet, Contracts.Balance[] balances, Domain.Grants.MetricQuota[] quotas)
    {
        var message = new V1.CustomerWallet
        {
            WalletId = wallet.WalletId,
            Role = wallet.Role switch { WalletRole.Main => V1.WalletRole.Main, WalletRole.Team => V1.WalletRole.Team, _ => V1.WalletRole.Agent },
            Name = wallet.Name ?? "",
        };
        message.Balances.AddRange(balances.Select(b => new V1.Balance { Unit = b.Unit, Total = b.Total, Held = b.Held, Available = b.Available }));
        message.Quotas.AddRange(Mapping.MetricQuotas.Write(quotas));
        return message;
    }

    public static V1.Subscription Subscription(Subscription s) => new()
    {
        SubscriptionId = s.Id,
        PlanId = s.PlanId,
        Version = s.PlanVersion,
        WalletId = s.WalletId,
        Status = s.Status switch
        {
            SubscriptionStatus.CancelsAtPeriodEnd => V1.SubscriptionStatus.CancelsAtPeriodEnd,
            SubscriptionStatus.Canceled => V1.SubscriptionStatus.Canceled,
            _ => V1.SubscriptionStatus.Active,
        },
        StartedAt = Time(s.StartedAt),
        PeriodStart = Time(s.PeriodStart),
        PeriodEnd = Time(s.PeriodEnd),
        PendingChange = s.PendingChange is { } change
            ? new V1.PlanChange { PlanId = change.PlanId, Version = change.Version, EffectiveAt = Time(change.EffectiveAt) }
            : null,
        EndsAt = Time(s.EndsAt),
        PeriodNumber = s.Period,
    };

    public static V1.Campaign Campaign(CampaignView view)
    {
        var t = view.Terms;
        var grant = new V1.CampaignGrant
        {
            Kind = t.Grant.Kind,
            Amount = new V1.Amount { Value = t.Grant.Amount, Unit = t.Grant.Unit },
            Scope = Scope(t.Grant.Scope),
            ExpiresAt = Time(t.Grant.ExpiresAt),
            ExpiresAfterDays = t.Grant.ExpiresAfterDays ?? 0,
        };
        if (t.Grant.Priority is { } priority) grant.Priority = priority;
        var eligibility = new V1.CampaignEligibility { NewSubscriptionsOnly = t.Eligibility.NewSubscriptionsOnly, AutoApply = t.Eligibility.AutoApply };
        eligibility.PlanIds.AddRange(t.Eligibility.Plans);
        eligibility.CustomerIds.AddRange(t.Eligibility.Customers);
        var s = view.Statistics;
        return new V1.Campaign
        {
            CampaignId = view.Id,
            Terms = new V1.CampaignTerms
            {
                Name = t.Name,
                Grant = grant,
                Eligibility = eligibility,
                Limits = new V1.CampaignLimits { MaxRedemptions = t.Limits.MaxRedemptions ?? 0, MaxTotalAmount = t.Limits.MaxTotalAmount ?? 0, OncePerCustomer = t.Limits.OncePerCustomer },
                StartsAt = Time(t.Window.StartsAt),
                EndsAt = Time(t.Window.EndsAt),
            },
            Statistics = new V1.CampaignStatistics
            {
                Redemptions = s.Redemptions,
                Redeemed = s.Redeemed,
                Burned = s.Burned ?? 0,
                Expired = s.Expired ?? 0,
                HasBurnedAndExpired = s.Burned is not null && s.Expired is not null,
            },
        };
    }

    public static V1.Redemption Redemption(string campaignId, Redemption r, bool replayed) => new()
    {
        CampaignId = campaignId,
        WalletId = r.WalletId,
        CustomerId = r.CustomerId ?? "",
        RedeemedAt = Time(r.At),
        ExpiresAt = Time(r.ExpiresAt),
        Amount = new V1.Amount { Value = r.Amount, Unit = r.Unit },
        Replayed = replayed,
    };

    private static V1.GrantScope Scope(PlanScope? scope)
    {
        var message = new V1.GrantScope();
        if (scope is null) return message;
        message.Metrics.AddRange(scope.Metrics ?? []);
        message.Models.AddRange(scope.Models ?? []);
        message.Providers.AddRange(scope.Providers ?? []);
        return message;
    }

    private static Timestamp? Time(DateTimeOffset? time) => time is { } t ? Timestamp.FromDateTimeOffset(t) : null;
}
