using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Waterfall.Domain;

namespace Waterfall.FrontDoor.Auth;

/// <summary>
/// Maps API keys to tenants. Keys are looked up by their SHA-256, so the clear key is never
/// stored or compared. Every grain key the front door builds starts with the caller's tenant,
/// so no call can reach another tenant's data.
/// </summary>
public sealed class TenantDirectory
{
    // Every configured key, compared with each presented key in full and in constant time: how long a lookup
    // takes says nothing about which stored hash, or how much of one, a guess came close to.
    private readonly (byte[] Hash, Caller Caller)[] _keys;

    public TenantDirectory(IOptions<TenantOptions> options)
    {
        // Start-up validation (TenantOptionsValidator) names every mistake; this is for a directory built without it.
        var validation = new TenantOptionsValidator().Validate(null, options.Value);
        if (validation.Failed) throw new OptionsValidationException(TenantOptions.Section, typeof(TenantOptions), validation.Failures);
        _keys = [.. options.Value.Tenants.SelectMany(t => t.Value.ApiKeys.Select(key =>
            (Convert.FromHexString(Normalize(key.Sha256)!), new Caller(t.Key, key.Name, key.Scope))))];
        Tenants = options.Value.Tenants;
    }

    /// <summary>A configured Sha256 as lower-case hex, or null when it is not 64 hex digits.</summary>
    public static string? Normalize(string? sha256)
    {
        var hash = sha256?.Trim().ToLowerInvariant();
        return hash is { Length: 64 } && hash.All(Uri.IsHexDigit) ? hash : null;
    }

    public IReadOnlyDictionary<string, TenantConfig> Tenants { get; }

    public static string Hash(string apiKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>The caller of this call, if its key is required scope; otherwise an RpcException.</summary>
    public Caller Authenticate(ServerCallContext context, ApiScope required)
    {
        var headers = context.RequestHeaders;
        return Authenticate(headers.GetValue("authorization"), headers.GetValue("x-api-key"), required, out var refusal) ?? throw RpcErrors.From(refusal!);
    }

    /// <summary>The caller behind these headers if its key has the required scope; otherwise null and why.</summary>
    public Caller? Authenticate(string? authorization, string? apiKey, ApiScope required, out Refusal? refusal)
    {
        refusal = null;
        var key = authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : apiKey?.Trim();
        if (key is null || Find(key) is not { } caller)
        {
            refusal = Refusal.Of(Reasons.Unauthenticated, "A valid API key is required (authorization: Bearer <key>, or x-api-key).");
            return null;
        }
        if (!caller.May(required))
        {
            refusal = Refusal.Of(Reasons.PermissionDenied, $"This API key has scope {caller.Scope}; the call needs {required}.",
                new Dictionary<string, string> { ["required_scope"] = required.ToString().ToLowerInvariant() });
            return null;
        }
        return caller;
    }

    private Caller? Find(string key)
    {
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetByteCount(key);
        var text = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(key, text);
        SHA256.HashData(text, presented);
        Caller? found = null;
        // No early exit: every key is compared, whichever matches.
        foreach (var (hash, caller) in _keys)
            if (CryptographicOperations.FixedTimeEquals(hash, presented)) found = caller;
        return found;
    }
}
