namespace Waterfall.Domain;

/// <summary>
/// Why an operation was refused. A refused operation changes nothing. <see cref="Reason"/> is a
/// stable, machine-readable code (it becomes the <c>google.rpc.ErrorInfo</c> reason).
/// </summary>
public sealed record Refusal(
    string Reason,
    string Message,
    IReadOnlyList<FieldViolation> Violations,
    IReadOnlyDictionary<string, string> Metadata)
{
    public static Refusal Of(string reason, string message, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(reason, message, [], metadata ?? new Dictionary<string, string>());

    public static Refusal Invalid(params FieldViolation[] violations) =>
        new(Reasons.InvalidArgument,
            string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")),
            violations,
            new Dictionary<string, string>());

    public override string ToString() => $"{Reason}: {Message}";

    public bool Equals(Refusal? other) =>
        other is not null && Reason == other.Reason && Message == other.Message && Violations.SequenceEqual(other.Violations);

    public override int GetHashCode() => HashCode.Combine(Reason, Message);
}

/// <summary>A malformed field: which one, and what is wrong with it.</summary>
public sealed record FieldViolation(string Field, string Description);

/// <summary>The refusal reasons, as they appear on the wire.</summary>
public static class Reasons
{
    public const string InvalidArgument = "INVALID_ARGUMENT";
    public const string InsufficientFunds = "INSUFFICIENT_FUNDS";
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";
    /// <summary>A replay of a key whose receipt only the durable key table holds: the wallet grain reads it and tries again; never a client's answer.</summary>
    public const string ReceiptNotHeld = "RECEIPT_NOT_HELD";
    public const string WalletNotFound = "WALLET_NOT_FOUND";
    public const string WalletAlreadyExists = "WALLET_ALREADY_EXISTS";
    public const string UnknownModel = "UNKNOWN_MODEL";
    public const string HoldNotFound = "HOLD_NOT_FOUND";
    public const string CaptureExceedsHold = "CAPTURE_EXCEEDS_HOLD";
    public const string SpendCapExceeded = "SPEND_CAP_EXCEEDED";
    public const string BudgetExceeded = "BUDGET_EXCEEDED";
    public const string ModelNotAllowed = "MODEL_NOT_ALLOWED";
    public const string BalanceLimitExceeded = "BALANCE_LIMIT_EXCEEDED";
    public const string TopUpNotPending = "TOP_UP_NOT_PENDING";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string StoreUnavailable = "STORE_UNAVAILABLE";
    /// <summary>A batch holds more items than one call may carry; nothing of it was applied.</summary>
    public const string BatchTooLarge = "BATCH_TOO_LARGE";
    /// <summary>An x402 payment failed verification; metadata <c>x402_reason</c> carries the reference's reason string.</summary>
    public const string PaymentInvalid = "PAYMENT_INVALID";
    /// <summary>No network is configured for wallet top-ups (or not the one asked for).</summary>
    public const string TopUpsUnavailable = "TOP_UPS_UNAVAILABLE";
    public const string TopUpNotFound = "TOP_UP_NOT_FOUND";
    /// <summary>Clearing or disabling a refill rule on a wallet that has none.</summary>
    public const string RefillRuleNotFound = "REFILL_RULE_NOT_FOUND";
    /// <summary>An invoice-funded refill rule on a wallet that no live subscription bills (its refills would be on no invoice).</summary>
    public const string RefillNotBillable = "REFILL_NOT_BILLABLE";
    /// <summary>A tenant pricing publish with no draft saved.</summary>
    public const string PricingDraftMissing = "PRICING_DRAFT_MISSING";
    /// <summary>A tenant pricing version that was never published.</summary>
    public const string PricingVersionNotFound = "PRICING_VERSION_NOT_FOUND";
    /// <summary>No wallet key with this id belongs to the caller's tenant and wallet (another tenant's key looks the same).</summary>
    public const string WalletKeyNotFound = "WALLET_KEY_NOT_FOUND";
    /// <summary>A wallet key id already holds a different key.</summary>
    public const string WalletKeyAlreadyExists = "WALLET_KEY_ALREADY_EXISTS";
    /// <summary>No webhook endpoint with this id belongs to the caller's tenant.</summary>
    public const string WebhookEndpointNotFound = "WEBHOOK_ENDPOINT_NOT_FOUND";
}
