using Google.Protobuf.WellKnownTypes;
using Waterfall.Domain.Pricing.Rating;
using V1 = Waterfall.Api.V1;
using C = Waterfall.Contracts;

namespace Waterfall.FrontDoor.Mapping;

/// <summary>Maps grain answers to the public API's messages.</summary>
internal static class ResponseWriter
{
    public static V1.Amount Amount(C.Amount a) => new() { Value = a.Value, Unit = a.Unit };

    public static V1.Draw Draw(C.Draw d) => new() { GrantId = d.Grant, Amount = new V1.Amount { Value = d.Amount, Unit = d.Unit } };

    public static V1.Coverage Coverage(C.Coverage c)
    {
        var coverage = new V1.Coverage
        {
            TokensCovered = c.TokensCovered,
            ExactCostUsd = Decimals.Format(c.ExactCost),
            MoneyCost = c.MoneyCost,
            Overage = c.Overage,
        };
        coverage.Draws.AddRange(c.Draws.Select(Draw));
        return coverage;
    }

    public static V1.RatedUsage? Rated(RatedUsage? rated)
    {
        if (rated is null) return null;
        var message = new V1.RatedUsage
        {
            Model = rated.Model,
            Provider = rated.Provider,
            ExactCostUsd = Decimals.Format(rated.ExactCost),
            CostNanos = rated.CostNanos,
            Tier = rated.Tier ?? "",
            Batch = rated.Batch,
            PricingVersion = rated.PricingVersion ?? 0,
        };
        message.Lines.AddRange(rated.Lines.Select(l => new V1.RatedLine
        {
            Component = ComponentName(l.Component),
            Tokens = l.Tokens,
            UnitPriceUsd = Decimals.Format(l.UnitPrice),
            CostUsd = Decimals.Format(l.Cost),
        }));
        return message;
    }

    public static string ComponentName(UsageComponent component) => component switch
    {
        UsageComponent.Input => "input",
        UsageComponent.CacheRead => "cache_read",
        UsageComponent.CacheWrite5m => "cache_write_5m",
        UsageComponent.CacheWrite1h => "cache_write_1h",
        UsageComponent.AudioInput => "audio_input",
        UsageComponent.Output => "output",
        UsageComponent.Reasoning => "reasoning",
        UsageComponent.AudioOutput => "audio_output",
        _ => component.ToString(),
    };

    public static V1.Wallet Wallet(C.WalletView view)
    {
        var wallet = new V1.Wallet
        {
            WalletId = view.WalletId,
            BillingMode = (V1.BillingMode)(view.Settings.BillingMode + 1),
            OverageLimit = view.Settings.OverageLimit,
            Policy = Policy(view.Settings),
            CustomerId = view.Settings.CustomerId ?? "",
            Sequence = view.Sequence,
            AccruedOverage = view.AccruedOverage,
        };
        wallet.Balances.AddRange(view.Balances.Select(b => new V1.Balance { Unit = b.Unit, Total = b.Total, Held = b.Held, Available = b.Available }));
        wallet.Grants.AddRange(view.Grants.Select(Grant));
        wallet.Quotas.AddRange(MetricQuotas.Write(view.Quotas));
        wallet.Holds.AddRange(view.Holds.Select(h => new V1.Hold
        {
            HoldId = h.Id,
            Reserved = Coverage(h.Reserved),
            CreatedAt = Timestamp.FromDateTimeOffset(h.CreatedAt),
            ExpiresAt = Timestamp.FromDateTimeOffset(h.ExpiresAt),
            Attribution = new V1.Attribution
            {
                CustomerId = h.Attribution.CustomerId ?? "", AgentId = h.Attribution.AgentId ?? "", RequestId = h.Attribution.RequestId ?? "",
                EndUser = h.Attribution.EndUser ?? "",
            },
        }));
        if (view.Refill is { } refill) wallet.Refill = RefillMapping.Write(refill);
        return wallet;
    }

    private static V1.SpendPolicy Policy(C.WalletSettings s)
    {
        var policy = new V1.SpendPolicy();
        if (s.PerRequestCap is { } cap) policy.PerRequestCap = cap;
        if (s.DailyBudget is { } daily) policy.DailyBudget = daily;
        if (s.MonthlyBudget is { } monthly) policy.MonthlyBudget = monthly;
        if (s.LowBalanceThreshold is { } threshold) policy.LowBalanceThreshold = threshold;
        policy.AllowedModels.AddRange(s.AllowedModels);
        return policy;
    }

    private static V1.Grant Grant(C.GrantView g)
    {
        var grant = new V1.Grant
        {
            GrantId = g.Id,
            Kind = g.Terms.Kind,
            Amount = Amount(g.Terms.Amount),
            Remaining = g.Remaining,
            Held = g.Held,
            Priority = g.Terms.Priority,
            GrantedAt = Timestamp.FromDateTimeOffset(g.GrantedAt),
            EffectiveAt = g.Terms.EffectiveAt is { } effective ? Timestamp.FromDateTimeOffset(effective) : null,
            ExpiresAt = g.Terms.ExpiresAt is { } expiry ? Timestamp.FromDateTimeOffset(expiry) : null,
            Scope = new V1.GrantScope(),
            Source = new V1.GrantSource { Kind = (V1.GrantSourceKind)g.Terms.SourceKind, Reference = g.Terms.SourceReference ?? "" },
            CostBasis = Decimals.Format(g.Terms.CostBasis),
        };
        grant.Scope.Metrics.AddRange(g.Terms.Scope.Metrics);
        grant.Scope.Models.AddRange(g.Terms.Scope.Models);
        grant.Scope.Providers.AddRange(g.Terms.Scope.Providers);
        return grant;
    }

    public static V1.LedgerTransaction Transaction(C.LedgerTransaction t)
    {
        var a = t.Attribution;
        var transaction = new V1.LedgerTransaction
        {
            Sequence = t.Sequence,
            Kind = t.Kind,
            At = Timestamp.FromDateTimeOffset(t.At),
            IdempotencyKey = t.IdempotencyKey ?? "",
            Attribution = new V1.LedgerAttribution
            {
                CustomerId = a.CustomerId ?? "", AgentId = a.AgentId ?? "", RequestId = a.RequestId ?? "",
                Model = a.Model ?? "", Provider = a.Provider ?? "", InputTokens = a.InputTokens ?? 0, OutputTokens = a.OutputTokens ?? 0,
                Payer = a.Payer ?? "", Network = a.Network ?? "", TransactionHash = a.TransactionHash ?? "", EndUser = a.EndUser ?? "",
            },
        };
        transaction.Postings.AddRange(t.Postings.Select(p => new V1.Posting
        {
            Account = p.Account,
            Amount = new V1.Amount { Value = p.Amount, Unit = p.Unit },
            GrantId = p.Grant ?? "",
            HoldId = p.Hold ?? "",
        }));
        return transaction;
    }
}
