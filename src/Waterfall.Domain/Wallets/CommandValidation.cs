using Waterfall.Domain.Billing;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Wallets;

/// <summary>
/// The shape rules every command must pass before the wallet looks at its state. A command that
/// fails them is refused with field violations and changes nothing.
/// </summary>
public static class CommandValidation
{
    public static readonly TimeSpan MinHoldTtl = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxHoldTtl = TimeSpan.FromDays(7);

    public static Refusal? Check(WalletCommand command)
    {
        var violations = new List<FieldViolation>();
        if (!Identifier.IsValid(command.IdempotencyKey))
            violations.Add(new("idempotency_key", "must be 1-128 characters of letters, digits and . _ : -"));

        switch (command)
        {
            case OpenWallet open:
                CheckSettings(open.Settings, violations);
                break;
            case ChangeSettings change:
                CheckSettings(change.Settings, violations);
                break;
            case GrantCredits grant:
                CheckGrant(grant.Terms, violations);
                CheckAttribution(grant.Attribution, violations);
                break;
            case DebitWallet debit:
                CheckCharge(debit.Charge, "charge", violations);
                CheckAttribution(debit.Attribution, violations);
                break;
            case AuthorizeHold authorize:
                CheckCharge(authorize.Estimate, "estimate", violations);
                CheckTtl(authorize.Ttl, violations);
                CheckAttribution(authorize.Attribution, violations);
                break;
            case GrowHold grow:
                CheckHoldId(grow.Hold.Value, violations);
                CheckCharge(grow.Additional, "additional", violations);
                if (grow.Ttl is { } ttl) CheckTtl(ttl, violations);
                break;
            case CaptureHold capture:
                CheckHoldId(capture.Hold.Value, violations);
                CheckCharge(capture.Actual, "actual", violations, allowZero: true);
                CheckAttribution(capture.Attribution, violations);
                break;
            case VoidHold @void:
                CheckHoldId(@void.Hold.Value, violations);
                break;
            case ConfirmTopUp confirm:
                CheckHoldId(confirm.Grant.Value, violations, "grant_id");
                if (confirm.TransactionHash is not { Length: 66 } hash || !hash.StartsWith("0x", StringComparison.Ordinal) || !hash[2..].All(Uri.IsHexDigit))
                    violations.Add(new("transaction_hash", "must be a 0x-prefixed 32-byte hex transaction hash"));
                break;
            case ReverseTopUp reverse:
                CheckHoldId(reverse.Grant.Value, violations, "grant_id");
                if (string.IsNullOrWhiteSpace(reverse.Reason) || reverse.Reason.Length > 256)
                    violations.Add(new("reason", "is required, at most 256 characters"));
                break;
            case ExtendHold extend:
                CheckHoldId(extend.Hold.Value, violations);
                CheckTtl(extend.Ttl, violations);
                break;
        }
        return violations.Count == 0 ? null : Refusal.Invalid([.. violations]);
    }

    public static void CheckAmount(Amount amount, string field, List<FieldViolation> violations, bool allowZero = false)
    {
        if (amount.Unit.Code is null)
            violations.Add(new($"{field}.unit", "is required"));
        if (amount.Value < 0 || (!allowZero && amount.Value == 0))
            violations.Add(new($"{field}.value", allowZero ? "must not be negative" : "must be positive"));
        else if (amount.Value > Amount.MaxValue)
            violations.Add(new($"{field}.value", $"must not exceed {Amount.MaxValue}"));
    }

    private static void CheckCharge(Charge charge, string field, List<FieldViolation> violations, bool allowZero = false)
    {
        switch (charge)
        {
            case AmountCharge amount:
                CheckAmount(amount.Amount, $"{field}.amount", violations, allowZero);
                break;
            case UsageCharge usage:
                if (string.IsNullOrWhiteSpace(usage.Usage.Model))
                    violations.Add(new($"{field}.model", "is required"));
                long total = 0;
                foreach (var line in usage.Usage.Lines)
                {
                    if (line.Tokens < 0 || line.Tokens > Amount.MaxValue)
                        violations.Add(new($"{field}.{line.Component}", "token count is out of range"));
                    else total += line.Tokens;
                    if (line.UnitPrice < 0)
                        violations.Add(new($"{field}.{line.Component}", "price must not be negative"));
                }
                if (total == 0 && !allowZero)
                    violations.Add(new($"{field}.tokens", "usage must count at least one token"));
                else if (total > Amount.MaxValue)
                    violations.Add(new($"{field}.tokens", "too many tokens"));
                break;
            default:
                violations.Add(new(field, "is required"));
                break;
        }
    }

    private static void CheckGrant(GrantTerms terms, List<FieldViolation> violations)
    {
        if (!GrantKind.IsValidCode(terms.Kind.Code))
            violations.Add(new("kind", "must be 1-32 lowercase letters or _"));
        CheckAmount(terms.Amount, "amount", violations);
        if (terms.Priority is < 0 or > 1000)
            violations.Add(new("priority", "must be between 0 and 1000"));
        if (terms.ExpiresAt is { } expiry && terms.EffectiveAt is { } effective && expiry <= effective)
            violations.Add(new("expires_at", "must be after effective_at"));
        if (terms.CostBasis is < 0)
            violations.Add(new("cost_basis", "must not be negative"));
        foreach (var (name, values) in new[] { ("scope.metrics", terms.Scope.Metrics), ("scope.models", terms.Scope.Models), ("scope.providers", terms.Scope.Providers) })
            if (values.Any(string.IsNullOrWhiteSpace))
                violations.Add(new(name, "must not contain empty entries"));
        if (!Enum.IsDefined(terms.Source.Kind))
            violations.Add(new("source.kind", "is not a grant source"));
        if (terms.Source.Reference is { Length: > 256 })
            violations.Add(new("source.reference", "must be at most 256 characters"));
    }

    private static void CheckSettings(WalletSettings settings, List<FieldViolation> violations)
    {
        if (!Enum.IsDefined(settings.Billing.Mode))
            violations.Add(new("billing.mode", "is not a billing mode"));
        if (settings.Billing.OverageLimit is < 0 or > Amount.MaxValue)
            violations.Add(new("billing.overage_limit", "is out of range"));
        if (settings.Billing.Mode == BillingMode.Hybrid && settings.Billing.OverageLimit == 0)
            violations.Add(new("billing.overage_limit", "HYBRID needs a positive overage limit"));
        foreach (var (name, value) in new[] { ("policy.per_request_cap", settings.Policy.PerRequestCap), ("policy.daily_budget", settings.Policy.DailyBudget), ("policy.monthly_budget", settings.Policy.MonthlyBudget) })
            if (value is <= 0 or > Amount.MaxValue)
                violations.Add(new(name, "must be positive and at most the maximum amount"));
        if (settings.Policy.LowBalanceThreshold is <= 0 or > Amount.MaxValue)
            violations.Add(new("policy.low_balance_threshold", "must be positive and at most the maximum amount"));
        if (settings.Policy.AllowedModels?.Any(string.IsNullOrWhiteSpace) == true)
            violations.Add(new("policy.allowed_models", "must not contain empty entries"));
        if (settings.CustomerId is not null && !Identifier.IsValid(settings.CustomerId))
            violations.Add(new("customer_id", "must be 1-128 characters of letters, digits and . _ : -"));
    }

    /// <summary>The longest end user id a platform may send.</summary>
    public const int MaxEndUserLength = 256;

    /// <summary>
    /// An end user id is the platform's text, not one of our identifiers, so any printable text
    /// goes; control characters do not, since they would corrupt exports and logs finance reads.
    /// </summary>
    public static bool IsValidEndUser(string endUser) =>
        endUser.Length is > 0 and <= MaxEndUserLength && !endUser.Any(char.IsControl);

    private static void CheckAttribution(Attribution? attribution, List<FieldViolation> violations)
    {
        if (attribution?.EndUser is { } endUser && !IsValidEndUser(endUser))
            violations.Add(new("attribution.end_user", $"must be 1-{MaxEndUserLength} characters with no control characters"));
    }

    private static void CheckTtl(TimeSpan ttl, List<FieldViolation> violations)
    {
        if (ttl < MinHoldTtl || ttl > MaxHoldTtl)
            violations.Add(new("ttl", $"must be between {MinHoldTtl.TotalSeconds:0} seconds and {MaxHoldTtl.TotalDays:0} days"));
    }

    private static void CheckHoldId(string? id, List<FieldViolation> violations, string field = "hold_id")
    {
        if (!Identifier.IsValid(id))
            violations.Add(new(field, "is required"));
    }
}
