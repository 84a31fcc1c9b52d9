using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Wallets;

/// <summary>A request to change a wallet. Every one carries an idempotency key.</summary>
public abstract record WalletCommand(string IdempotencyKey)
{
    public abstract TransactionKind Operation { get; }

    /// <summary>A hash of the request's content, to tell a replay from a key reused for something else.</summary>
    public abstract string Fingerprint();
}

public sealed record OpenWallet(string IdempotencyKey, WalletSettings Settings) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.WalletOpened;

    public override string Fingerprint() => Fingerprints.Settings(new FingerprintBuilder("open"), Settings).Build();
}

public sealed record GrantCredits(string IdempotencyKey, GrantTerms Terms, Attribution? Attribution = null) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.CreditsGranted;

    public override string Fingerprint()
    {
        var f = new FingerprintBuilder("grant")
            .Add(Terms.Kind.Code).Add(Terms.Amount.Unit.Code).Add(Terms.Amount.Value).Add(Terms.Priority)
            .Add(Terms.EffectiveAt).Add(Terms.ExpiresAt)
            .AddList(Terms.Scope.Metrics).AddList(Terms.Scope.Models).AddList(Terms.Scope.Providers)
            .Add((long)Terms.Source.Kind).Add(Terms.Source.Reference).Add(Terms.CostBasis);
        return Fingerprints.Attribution(f, Attribution).Build();
    }
}

public sealed record DebitWallet(string IdempotencyKey, Charge Charge, Attribution? Attribution = null) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.Debited;

    public override string Fingerprint() =>
        Fingerprints.Attribution(Fingerprints.Charge(new FingerprintBuilder("debit"), Charge), Attribution).Build();
}

public sealed record AuthorizeHold(string IdempotencyKey, Charge Estimate, TimeSpan Ttl, Attribution? Attribution = null) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.HoldAuthorized;

    public override string Fingerprint() =>
        Fingerprints.Attribution(Fingerprints.Charge(new FingerprintBuilder("authorize"), Estimate).Add(Ttl), Attribution).Build();
}

public sealed record CaptureHold(string IdempotencyKey, HoldId Hold, Charge Actual, Attribution? Attribution = null) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.HoldCaptured;

    public override string Fingerprint() =>
        Fingerprints.Attribution(Fingerprints.Charge(new FingerprintBuilder("capture").Add(Hold.Value), Actual), Attribution).Build();
}

public sealed record VoidHold(string IdempotencyKey, HoldId Hold) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.HoldVoided;

    public override string Fingerprint() => new FingerprintBuilder("void").Add(Hold.Value).Build();
}

public sealed record ExtendHold(string IdempotencyKey, HoldId Hold, TimeSpan Ttl) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.HoldExtended;

    public override string Fingerprint() => new FingerprintBuilder("extend").Add(Hold.Value).Add(Ttl).Build();
}

/// <summary>
/// Reserves more for an open hold, e.g. while a response streams past what the first hold covered.
/// The additional charge is for the same call, so the same model and provider as the hold's estimate.
/// </summary>
/// <param name="Ttl">When given, the hold lives at least this long from now (it is never shortened).</param>
public sealed record GrowHold(string IdempotencyKey, HoldId Hold, Charge Additional, TimeSpan? Ttl = null) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.HoldGrown;

    public override string Fingerprint() =>
        Fingerprints.Charge(new FingerprintBuilder("grow").Add(Hold.Value), Additional).Add(Ttl?.Ticks).Build();
}

public sealed record ChangeSettings(string IdempotencyKey, WalletSettings Settings) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.SettingsChanged;

    public override string Fingerprint() => Fingerprints.Settings(new FingerprintBuilder("settings"), Settings).Build();
}

internal static class Fingerprints
{
    public static FingerprintBuilder Charge(FingerprintBuilder f, Charge charge)
    {
        switch (charge)
        {
            case AmountCharge a:
                f.Add("amount").Add(a.Amount.Unit.Code).Add(a.Amount.Value)
                    .Add(a.Context.Metric).Add(a.Context.Model).Add(a.Context.Provider);
                break;
            case UsageCharge u:
                f.Add("usage").Add(u.Metric).Add(u.Usage.Model).Add(u.Usage.Provider).Add(u.Usage.Batch).Add(u.Usage.Tier)
                    .Add((long)u.Usage.Lines.Count);
                foreach (var line in u.Usage.Lines)
                    f.Add((long)line.Component).Add(line.Tokens).Add(line.UnitPrice);
                break;
        }
        return f;
    }

    /// <remarks>
    /// The end user is added only when there is one, so every fingerprint stored before it existed
    /// stays the same. The attribution is always the last part of a fingerprint, so one field more
    /// cannot make two different commands collide.
    /// </remarks>
    public static FingerprintBuilder Attribution(FingerprintBuilder f, Attribution? a)
    {
        if (a is null) return f.Add((string?)null);
        f.Add(a.CustomerId).Add(a.AgentId).Add(a.RequestId).Add(a.Model).Add(a.Provider)
            .Add(a.InputTokens).Add(a.OutputTokens).Add(a.Payer).Add(a.Network).Add(a.TransactionHash);
        return a.EndUser is null ? f : f.Add("end_user").Add(a.EndUser);
    }

    public static FingerprintBuilder Settings(FingerprintBuilder f, WalletSettings s)
    {
        f.Add((long)s.Billing.Mode).Add(s.Billing.OverageLimit).Add(s.CustomerId)
            .Add(s.Policy.PerRequestCap).Add(s.Policy.DailyBudget).Add(s.Policy.MonthlyBudget).AddList(s.Policy.AllowedModels);
        // Added later: only when set, so every key recorded before it keeps its fingerprint.
        return s.Policy.LowBalanceThreshold is { } threshold ? f.Add("low_balance_threshold").Add(threshold) : f;
    }
}

/// <summary>Records that an x402 top-up's payment settled on chain, in the given transaction.</summary>
public sealed record ConfirmTopUp(string IdempotencyKey, GrantId Grant, string TransactionHash) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.TopUpSettled;

    public override string Fingerprint() => new FingerprintBuilder("confirm-top-up").Add(Grant.Value).Add(TransactionHash).Build();
}

/// <summary>Takes back an x402 top-up whose payment failed on chain.</summary>
public sealed record ReverseTopUp(string IdempotencyKey, GrantId Grant, string Reason) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.TopUpReversed;

    public override string Fingerprint() => new FingerprintBuilder("reverse-top-up").Add(Grant.Value).Add(Reason).Build();
}
