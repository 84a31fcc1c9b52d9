using D = Waterfall.Domain;
using DB = Waterfall.Domain.Billing;
using DC = Waterfall.Domain.Charges;
using DG = Waterfall.Domain.Grants;
using DH = Waterfall.Domain.Holds;
using DL = Waterfall.Domain.Ledger;
using DM = Waterfall.Domain.Money;
using DP = Waterfall.Domain.Policy;
using DR = Waterfall.Domain.Pricing.Rating;
using DW = Waterfall.Domain.Wallets;

namespace Waterfall.Contracts;

/// <summary>
/// Maps between the wire shapes and the domain. Units that don't parse map to an empty unit
/// code, which the domain's validation refuses as a field violation.
/// </summary>
public static class ContractMapping
{
    // ---------------------------------------------------------------- to the domain

    public static DM.Amount ToDomain(this Amount a) =>
        new(a.Value, DM.CreditUnit.TryParse(a.Unit, out var unit) ? unit : default);

    public static DG.ChargeContext ToDomain(this ChargeContext? c) =>
        c is null ? default : new(c.Metric, c.Model, c.Provider);

    public static DR.RatedUsage ToDomain(this RatedUsage u) =>
        new(u.Model, u.Provider, u.Lines.Select(l => new DR.RatedLine((DR.UsageComponent)l.Component, l.Tokens, l.UnitPrice)).ToArray(), u.Batch, u.Tier, u.PricingVersion);

    public static DC.Charge? ToDomain(this Charge? c) => c switch
    {
        { Usage: { } usage } => new DC.UsageCharge(usage.ToDomain(), c.Metric ?? DC.UsageCharge.LlmTokensMetric),
        { Amount: { } amount } => new DC.AmountCharge(amount.ToDomain(), c.Context.ToDomain()),
        _ => null,
    };

    public static DL.Attribution? ToDomain(this Attribution? a) =>
        a is null ? null : new(a.CustomerId, a.AgentId, a.RequestId, a.Model, a.Provider, a.InputTokens, a.OutputTokens, a.Payer, a.Network, a.TransactionHash, a.EndUser);

    public static DG.GrantTerms ToDomain(this GrantTerms t) =>
        new(new DG.GrantKind(t.Kind), t.Amount.ToDomain(), t.Priority, t.EffectiveAt, t.ExpiresAt,
            new DG.GrantScope(t.Scope.Metrics, t.Scope.Models, t.Scope.Providers),
            new DG.GrantSource((DG.GrantSourceKind)t.SourceKind, t.SourceReference), t.CostBasis);

    public static DW.WalletSettings ToDomain(this WalletSettings s) =>
        new(new DB.BillingTerms((DB.BillingMode)s.BillingMode, s.OverageLimit),
            new DP.SpendPolicy(s.PerRequestCap, s.DailyBudget, s.MonthlyBudget, s.AllowedModels, s.LowBalanceThreshold),
            s.CustomerId);

    /// <summary>A charge that is missing altogether becomes a zero-amount charge the domain refuses.</summary>
    private static DC.Charge Required(DC.Charge? charge) =>
        charge ?? new DC.AmountCharge(new DM.Amount(0, default), default);

    public static DW.OpenWallet ToDomain(this OpenWallet c) => new(c.IdempotencyKey, c.Settings.ToDomain());
    public static DW.ChangeSettings ToDomain(this ChangeSettings c) => new(c.IdempotencyKey, c.Settings.ToDomain());
    public static DW.GrantCredits ToDomain(this GrantCredits c) => new(c.IdempotencyKey, c.Terms.ToDomain(), c.Attribution.ToDomain());
    public static DW.DebitWallet ToDomain(this DebitWallet c) => new(c.IdempotencyKey, Required(c.Charge.ToDomain()), c.Attribution.ToDomain());
    public static DW.AuthorizeHold ToDomain(this AuthorizeHold c) => new(c.IdempotencyKey, Required(c.Estimate.ToDomain()), c.Ttl, c.Attribution.ToDomain());
    public static DW.CaptureHold ToDomain(this CaptureHold c) => new(c.IdempotencyKey, new DH.HoldId(c.Hold), Required(c.Actual.ToDomain()), c.Attribution.ToDomain());
    public static DW.GrowHold ToDomain(this GrowHold c) => new(c.IdempotencyKey, new DH.HoldId(c.Hold), Required(c.Additional.ToDomain()), c.Ttl);
    public static DW.VoidHold ToDomain(this VoidHold c) => new(c.IdempotencyKey, new DH.HoldId(c.Hold));
    public static DW.ExtendHold ToDomain(this ExtendHold c) => new(c.IdempotencyKey, new DH.HoldId(c.Hold), c.Ttl);
    public static DW.ConfirmTopUp ToDomain(this ConfirmTopUp c) => new(c.IdempotencyKey, new DG.GrantId(c.Grant), c.TransactionHash);
    public static DW.ReverseTopUp ToDomain(this ReverseTopUp c) => new(c.IdempotencyKey, new DG.GrantId(c.Grant), c.Reason);

    // ---------------------------------------------------------------- to the wire

    public static Amount ToContract(this DM.Amount a) => new(a.Value, a.Unit.Code ?? "");

    public static ChargeContext ToContract(this DG.ChargeContext c) => new(c.Metric, c.Model, c.Provider);

    public static RatedUsage ToContract(this DR.RatedUsage u) =>
        new(u.Model, u.Provider, u.Lines.Select(l => new RatedLine((int)l.Component, l.Tokens, l.UnitPrice)).ToArray(), u.Batch, u.Tier, u.PricingVersion);

    public static Charge ToContract(this DC.Charge c) => c switch
    {
        DC.UsageCharge u => new Charge(null, null, u.Usage.ToContract(), u.Metric),
        DC.AmountCharge a => new Charge(a.Amount.ToContract(), a.Context.ToContract(), null, null),
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    public static Attribution ToContract(this DL.Attribution a) =>
        new(a.CustomerId, a.AgentId, a.RequestId, a.Model, a.Provider, a.InputTokens, a.OutputTokens, a.Payer, a.Network, a.TransactionHash, a.EndUser);

    public static Draw ToContract(this DG.Draw d) => new(d.Grant.Value, d.Unit.Code, d.Amount);

    public static Draw[] ToContract(this IReadOnlyList<DG.Draw> draws) => Mapped(draws, ToContract);

    // On every call's answer: an array filled by index, not a Select iterator per list.
    private static TOut[] Mapped<TIn, TOut>(IReadOnlyList<TIn> items, Func<TIn, TOut> map)
    {
        if (items.Count == 0) return [];
        var mapped = new TOut[items.Count];
        for (var i = 0; i < mapped.Length; i++) mapped[i] = map(items[i]);
        return mapped;
    }

    public static Coverage ToContract(this DC.Coverage c) =>
        new(c.Draws.ToContract(), c.TokensCovered, c.ExactCost, c.MoneyCost, c.Overage);

    public static GrantTerms ToContract(this DG.GrantTerms t) =>
        new(t.Kind.Code, t.Amount.ToContract(), t.Priority, t.EffectiveAt, t.ExpiresAt,
            new GrantScope([.. t.Scope.Metrics], [.. t.Scope.Models], [.. t.Scope.Providers]),
            (int)t.Source.Kind, t.Source.Reference, t.CostBasis);

    public static WalletSettings ToContract(this DW.WalletSettings s) =>
        new((int)s.Billing.Mode, s.Billing.OverageLimit, s.Policy.PerRequestCap, s.Policy.DailyBudget, s.Policy.MonthlyBudget,
            [.. s.Policy.AllowedModels ?? []], s.CustomerId, s.Policy.LowBalanceThreshold);

    public static Refusal ToContract(this D.Refusal r) =>
        new(r.Reason, r.Message, r.Violations.Select(v => new FieldViolation(v.Field, v.Description)).ToArray(),
            new Dictionary<string, string>(r.Metadata));

    public static OpenWallet ToContract(this DW.OpenWallet c) => new(c.IdempotencyKey, c.Settings.ToContract());
    public static ChangeSettings ToContract(this DW.ChangeSettings c) => new(c.IdempotencyKey, c.Settings.ToContract());
    public static GrantCredits ToContract(this DW.GrantCredits c) => new(c.IdempotencyKey, c.Terms.ToContract(), c.Attribution?.ToContract());
    public static DebitWallet ToContract(this DW.DebitWallet c) => new(c.IdempotencyKey, c.Charge.ToContract(), c.Attribution?.ToContract());
    public static AuthorizeHold ToContract(this DW.AuthorizeHold c) => new(c.IdempotencyKey, c.Estimate.ToContract(), c.Ttl, c.Attribution?.ToContract());
    public static CaptureHold ToContract(this DW.CaptureHold c) => new(c.IdempotencyKey, c.Hold.Value, c.Actual.ToContract(), c.Attribution?.ToContract());
    public static GrowHold ToContract(this DW.GrowHold c) => new(c.IdempotencyKey, c.Hold.Value, c.Additional.ToContract(), c.Ttl);
    public static VoidHold ToContract(this DW.VoidHold c) => new(c.IdempotencyKey, c.Hold.Value);
    public static ExtendHold ToContract(this DW.ExtendHold c) => new(c.IdempotencyKey, c.Hold.Value, c.Ttl);

    public static OpenReceipt ToContract(this DW.OpenReceipt r) => new(r.Sequence);
    public static SettingsReceipt ToContract(this DW.SettingsReceipt r) => new(r.Sequence);
    public static GrantReceipt ToContract(this DW.GrantReceipt r) => new(r.Sequence, r.Grant.Value);
    public static DebitReceipt ToContract(this DW.DebitReceipt r) =>
        new(r.Sequence, r.Coverage.ToContract(), Mapped(r.AvailableAfter, ToContract));
    public static HoldReceipt ToContract(this DW.HoldReceipt r) => new(r.Sequence, r.Hold.Value, r.Reserved.ToContract(), r.ExpiresAt);
    public static CaptureReceipt ToContract(this DW.CaptureReceipt r) =>
        new(r.Sequence, r.Hold.Value, r.Captured.ToContract(), r.Released.ToContract(), r.OverageReleased, Mapped(r.AvailableAfter, ToContract));
    public static GrowReceipt ToContract(this DW.GrowReceipt r) => new(r.Sequence, r.Hold.Value, r.Added.ToContract(), r.Reserved.ToContract(), r.ExpiresAt);
    public static VoidReceipt ToContract(this DW.VoidReceipt r) => new(r.Sequence, r.Hold.Value, r.Released.ToContract());
    public static ExtendReceipt ToContract(this DW.ExtendReceipt r) => new(r.Sequence, r.Hold.Value, r.ExpiresAt);
    public static TopUpSettledReceipt ToContract(this DW.TopUpSettledReceipt r) => new(r.Sequence, r.Grant.Value, r.TransactionHash);
    public static TopUpReversedReceipt ToContract(this DW.TopUpReversedReceipt r) => new(r.Sequence, r.Grant.Value, r.TakenBack, r.Receivable);

    /// <summary>The operations whose receipts can be recalled, by their wire name.</summary>
    public static DL.TransactionKind? RecallableOperation(string? operation) => operation switch
    {
        "authorize" => DL.TransactionKind.HoldAuthorized,
        "grow" => DL.TransactionKind.HoldGrown,
        "capture" => DL.TransactionKind.HoldCaptured,
        "void" => DL.TransactionKind.HoldVoided,
        "extend" => DL.TransactionKind.HoldExtended,
        "debit" => DL.TransactionKind.Debited,
        _ => null,
    };

    /// <summary>A remembered receipt in its recalled form; null for a receipt of an operation that cannot be recalled.</summary>
    public static RecalledReceipt? ToRecalled(this DW.Receipt receipt, string operation) => receipt switch
    {
        DW.HoldReceipt r => new(operation, r.ToContract(), null, null, null, null, null),
        DW.GrowReceipt r => new(operation, null, r.ToContract(), null, null, null, null),
        DW.CaptureReceipt r => new(operation, null, null, r.ToContract(), null, null, null),
        DW.VoidReceipt r => new(operation, null, null, null, r.ToContract(), null, null),
        DW.ExtendReceipt r => new(operation, null, null, null, null, r.ToContract(), null),
        DW.DebitReceipt r => new(operation, null, null, null, null, null, r.ToContract()),
        _ => null,
    };

    public static Reply<TContract> ToReply<TDomain, TContract>(this DW.Outcome<TDomain> outcome, Func<TDomain, TContract> map)
        where TDomain : DW.Receipt where TContract : class =>
        outcome.Receipt is { } receipt
            ? new Reply<TContract>(map(receipt), null, outcome.IsReplay)
            : new Reply<TContract>(null, outcome.Refusal!.ToContract(), false);

    public static Reply<T> Refused<T>(D.Refusal refusal) where T : class => new(null, refusal.ToContract(), false);

    public static WalletView ToView(this DW.Wallet wallet, DateTimeOffset now)
    {
        // Used-up grants stay listed with remaining 0 until they expire, so a client can show them.
        var listed = wallet.Grants.Concat(wallet.ExhaustedGrants.Where(g => !g.IsExpiredAt(now))).ToList();
        return new(wallet.Key.TenantId, wallet.Key.WalletId, wallet.Sequence, wallet.Settings.ToContract(), wallet.AccruedOverage,
            DM.CreditUnit.All
                .Where(u => u.IsMoney || wallet.Grants.Any(g => g.Unit == u))
                .Select(u => new Balance(u.Code, wallet.TotalRemaining(u), wallet.TotalHeld(u), wallet.Available(u, now)))
                .ToArray(),
            listed.Select(g => new GrantView(g.Id.Value, g.Terms.ToContract(), g.Remaining, g.Held, g.GrantedAt)).ToArray(),
            wallet.Holds.OrderBy(h => h.CreatedAt).Select(h => new HoldView(h.Id.Value, h.Reserved.ToContract(), h.CreatedAt, h.ExpiresAt, h.Attribution.ToContract())).ToArray(),
            DG.MetricQuota.Of(listed),
            wallet.Refill.Rule is null && wallet.Refill.Refills == 0 ? null : wallet.Refill.AsOf(now));
    }

    public static LedgerTransaction ToContract(this DL.LedgerTransaction t) =>
        new(t.Sequence, t.Kind.ToString(), t.At, t.IdempotencyKey,
            t.Postings.Select(p => new Posting(p.Account.Code, p.Unit.Code, p.Amount, p.Grant?.Value, p.Hold?.Value)).ToArray(),
            t.Attribution.ToContract());
}
