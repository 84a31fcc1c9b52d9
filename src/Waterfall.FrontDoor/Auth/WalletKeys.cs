using System.Collections.Concurrent;
using System.Security.Cryptography;
using Waterfall.Contracts;
using Waterfall.Contracts.Keys;
using Waterfall.Domain;
using Waterfall.Domain.Pricing.Catalog;
using ContractRefusal = Waterfall.Contracts.Refusal;
using FieldViolation = Waterfall.Domain.FieldViolation;
using Refusal = Waterfall.Domain.Refusal;

namespace Waterfall.FrontDoor.Auth;

/// <summary>Who pays for a call made with a wallet key, and the limits the key itself sets.</summary>
/// <param name="AllowedModels">Catalog model ids the key may call; empty leaves it to the wallet's own policy.</param>
/// <param name="PerRequestCap">Nano-dollars one request through this key may cost at most; null for no cap of the key's own.</param>
public sealed record WalletKeyGrantee(string TenantId, string WalletId, string KeyId, string Name, string? AgentId,
    IReadOnlyList<string> AllowedModels, long? PerRequestCap);

/// <summary>
/// Wallet keys (see <see cref="WalletKeyText"/>): created for an existing wallet, listed, revoked, and
/// resolved on every gateway request. Nothing is cached but grain references, so a revocation holds
/// for the very next request. Management calls name the caller's tenant, and a key of another tenant
/// or wallet answers exactly like a key that does not exist.
/// </summary>
public sealed class WalletKeys(IGrainFactory grains)
{
    public const int MaxNameLength = 128;
    public const int MaxAllowedModels = 256;
    private const int ReferenceLimit = 100_000;

    private ConcurrentDictionary<string, IWalletKeyGrain> _references = new(StringComparer.Ordinal);

    /// <summary>Why a presented wallet key does not resolve. Deliberately one answer for malformed, unknown, wrong secret and revoked.</summary>
    public static Refusal NotAccepted { get; } =
        Refusal.Of(Reasons.Unauthenticated, "The wallet key is not valid: it is malformed, unknown or revoked.");

    public static bool LooksLikeWalletKey(string key) => key is not null && key.StartsWith(WalletKeyText.Prefix, StringComparison.Ordinal);

    /// <summary>The grantee of a presented key, or null (and why: <see cref="NotAccepted"/>, UNAUTHENTICATED) when malformed, unknown or revoked.</summary>
    public async Task<WalletKeyGrantee?> ResolveAsync(string presentedKey, CancellationToken cancellationToken)
    {
        if (!WalletKeyText.TryParse(presentedKey?.Trim(), out var keyId, out var secret)) return null;
        var key = await Reference(keyId).Get().WaitAsync(cancellationToken);
        if (key is null || key.IsRevoked) return null;
        if (!CryptographicOperations.FixedTimeEquals(key.SecretHash, WalletKeyText.HashSecret(secret))) return null;
        return new WalletKeyGrantee(key.TenantId, key.WalletId, key.KeyId, key.Name, key.AgentId, key.AllowedModels, key.PerRequestCap);
    }

    /// <summary>A new key for an existing wallet of the tenant; the answer carries the key's text, which is never shown again.</summary>
    public async Task<WalletKeyAnswer<IssuedWalletKey>> CreateAsync(string tenantId, WalletKeyRequest request, CancellationToken cancellationToken)
    {
        var violations = Validate(request, out var models);
        if (violations.Count > 0) return Refusal.Invalid([.. violations]).ToContract();
        if ((await grains.Wallet(tenantId, request.WalletId).Get().WaitAsync(cancellationToken)).Refusal is { } missing) return missing;

        // A key id collision (80 random bits) is next to impossible; a fresh id is the answer to one.
        for (var attempt = 1; ; attempt++)
        {
            var (keyId, text, secretHash) = WalletKeyText.Generate();
            var command = new CreateWalletKey(tenantId, request.WalletId, request.Name?.Trim() ?? "", Empty(request.AgentId), models,
                request.PerRequestCap?.Value, secretHash);
            var reply = await Reference(keyId).Create(command).WaitAsync(cancellationToken);
            if (reply.Receipt is { } key) return new IssuedWalletKey(key, text);
            if (reply.Refusal!.Reason != Reasons.WalletKeyAlreadyExists || attempt == 3) return reply.Refusal;
        }
    }

    /// <summary>The wallet's keys, revoked ones included, oldest first.</summary>
    public async Task<WalletKeyAnswer<IReadOnlyList<WalletKeyRecord>>> ListAsync(string tenantId, string walletId, CancellationToken cancellationToken)
    {
        if (!Identifier.IsValid(walletId)) return InvalidWalletId(walletId);
        if ((await grains.Wallet(tenantId, walletId).Get().WaitAsync(cancellationToken)).Refusal is { } missing) return missing;
        var ids = await grains.WalletKeyIndex(tenantId, walletId).List().WaitAsync(cancellationToken);
        var keys = await Task.WhenAll(ids.Select(id => Reference(id).Get())).WaitAsync(cancellationToken);
        return new WalletKeyAnswer<IReadOnlyList<WalletKeyRecord>>(
            keys.OfType<WalletKeyRecord>().Where(k => k.BelongsTo(tenantId, walletId)).OrderBy(k => k.CreatedAt).ToArray(), null);
    }

    /// <summary>Revokes one of the wallet's keys; it stops resolving at once. Revoking again answers the same key.</summary>
    public async Task<WalletKeyAnswer<WalletKeyRecord>> RevokeAsync(string tenantId, string walletId, string keyId, CancellationToken cancellationToken)
    {
        var violations = new List<FieldViolation>();
        if (!Identifier.IsValid(walletId)) violations.Add(WalletIdViolation(walletId));
        if (!WalletKeyText.IsKeyId(keyId))
            violations.Add(new FieldViolation("key_id", string.IsNullOrEmpty(keyId) ? "is required" : $"must be {WalletKeyText.KeyIdLength} characters of a-z and 2-7"));
        if (violations.Count > 0) return Refusal.Invalid([.. violations]).ToContract();
        var reply = await Reference(keyId).Revoke(tenantId, walletId).WaitAsync(cancellationToken);
        return new WalletKeyAnswer<WalletKeyRecord>(reply.Receipt, reply.Refusal);
    }

    private static List<FieldViolation> Validate(WalletKeyRequest request, out string[] models)
    {
        var violations = new List<FieldViolation>();
        if (!Identifier.IsValid(request.WalletId)) violations.Add(WalletIdViolation(request.WalletId));
        var name = request.Name?.Trim() ?? "";
        if (name.Length > MaxNameLength) violations.Add(new FieldViolation("name", $"must be at most {MaxNameLength} characters"));
        else if (name.Any(char.IsControl)) violations.Add(new FieldViolation("name", "must not contain control characters"));
        if (Empty(request.AgentId) is { } agent && !Identifier.IsValid(agent))
            violations.Add(new FieldViolation("agent_id", "must be 1-128 characters of letters, digits and . _ : -"));

        if (request.AllowedModels.Count > MaxAllowedModels)
            violations.Add(new FieldViolation("allowed_models", $"must list at most {MaxAllowedModels} models"));
        for (var i = 0; i < request.AllowedModels.Count; i++)
        {
            var model = request.AllowedModels[i];
            if (string.IsNullOrWhiteSpace(model)) violations.Add(new FieldViolation($"allowed_models[{i}]", "must not be empty"));
            else if (!PriceCatalog.Default.TryGet(model, out _))
                violations.Add(new FieldViolation($"allowed_models[{i}]", $"'{model}' is not a model of the price catalog (see PricingService.ListModels)"));
        }
        models = request.AllowedModels.Distinct(StringComparer.Ordinal).ToArray();

        if (request.PerRequestCap is { } cap)
        {
            if (cap.Unit != "usd") violations.Add(new FieldViolation("per_request_cap.unit", $"must be \"usd\" (nano-dollars), not '{cap.Unit}'"));
            if (cap.Value <= 0) violations.Add(new FieldViolation("per_request_cap.value", "must be positive"));
            else if (cap.Value > Domain.Money.Amount.MaxValue) violations.Add(new FieldViolation("per_request_cap.value", $"must not exceed {Domain.Money.Amount.MaxValue}"));
        }
        return violations;
    }

    private static ContractRefusal InvalidWalletId(string walletId) => Refusal.Invalid(WalletIdViolation(walletId)).ToContract();

    private static FieldViolation WalletIdViolation(string walletId) =>
        new("wallet_id", string.IsNullOrEmpty(walletId) ? "is required" : "must be 1-128 characters of letters, digits and . _ : -");

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private IWalletKeyGrain Reference(string keyId)
    {
        var references = _references;
        if (references.TryGetValue(keyId, out var grain)) return grain;
        if (references.Count >= ReferenceLimit) _references = references = new(StringComparer.Ordinal);
        return references.GetOrAdd(keyId, static (id, factory) => factory.WalletKey(id), grains);
    }
}
