namespace Waterfall.Domain.Settlement;

/// <summary>
/// Refills pulled from a USDC allowance (docs/refill.md): queued like authorizations but sent alone, as the token's own
/// call by the settlement account — the payer's permit once, then transferFrom — and judged by their receipt alone.
/// </summary>
public sealed partial class SettlementQueue
{
    /// <summary>What is wrong with a pull for this payee (none: it may be queued).</summary>
    public static IReadOnlyList<FieldViolation> Validate(AllowancePull pull, string payTo)
    {
        var violations = new List<FieldViolation>();
        if (!Identifier.IsValid(pull.TenantId)) violations.Add(new("tenant_id", "is required"));
        if (!Identifier.IsValid(pull.WalletId)) violations.Add(new("wallet_id", "is required"));
        if (string.IsNullOrEmpty(pull.Grant)) violations.Add(new("grant", "is required: a pull settles a credited refill"));
        if (!Refills.UsdcAllowance.IsPullKey(pull.PullKey)) violations.Add(new("pull_key", "must be a refill's pull key"));
        if (pull.Units <= 0 || pull.Units > pull.PermitCap) violations.Add(new("units", "must be positive and within the permit's cap"));
        if (!Same(pull.To, payTo)) violations.Add(new("to", $"must be this settlement's payee {payTo}"));
        if (string.IsNullOrEmpty(pull.PermitSignature)) violations.Add(new("permit_signature", "is required"));
        return violations;
    }

    /// <summary>Queues a validated pull; its wallet credit exists already (the refill), so it is credited from the start.</summary>
    public SettlementItem Accept(AllowancePull pull, DateTimeOffset now)
    {
        var item = new SettlementItem
        {
            Purpose = SettlementPurpose.AllowancePull, Nonce = PullId(pull), PullKey = pull.PullKey, TenantId = pull.TenantId, WalletId = pull.WalletId,
            From = pull.Owner, To = pull.To, Value = pull.Units, Grant = pull.Grant, AcceptedAt = now,
            PermitCap = pull.PermitCap, PermitDeadline = pull.PermitDeadline, PermitSignature = pull.PermitSignature.ToLowerInvariant(),
        };
        Queue.Add(item);
        return item;
    }

    /// <summary>
    /// A pull's id in this queue (its <see cref="SettlementItem.Nonce"/>, what status answers are asked by): the pull key is
    /// one per rule and refill of a wallet, so the wallet is part of it.
    /// </summary>
    public static string PullId(string tenantId, string walletId, string pullKey) => $"{tenantId}/{walletId}/{pullKey}";

    public static string PullId(AllowancePull pull) => PullId(pull.TenantId, pull.WalletId, pull.PullKey);

    /// <summary>
    /// A pull's transaction is the token's own call, so its receipt is its outcome: a mined permit lets the pull go next; a
    /// reverted permit or transferFrom fails the pull at once with the chain's reason (the payer moved its USDC, the
    /// allowance is used up, the permit expired: trying again would fail again).
    /// </summary>
    private SettlementVerdict JudgePull(SettlementItem pull, SettlementReceipt receipt)
    {
        if (pull.SendsPermit && receipt.Succeeded)
        {
            PermitsSubmitted.Add(pull.PermitSignature!);
            pull.SendsPermit = false;
            return new SettlementVerdict.PermitSubmitted(receipt.TransactionHash);
        }
        var reason = receipt.Succeeded ? null
            : $"{(pull.SendsPermit ? "permit" : "transferFrom")} reverted on chain: {receipt.RevertReason ?? "no reason given"}";
        return new SettlementVerdict.Final([(pull, new AuthorizationOutcome(receipt.Succeeded, reason))]);
    }
}
