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
    private readonly Dictionary<string, Caller> _byHash = new(StringComparer.Ordinal);

    public TenantDirectory(IOptions<TenantOptions> options)
    {
        foreach (var (tenantId, tenant) in options.Value.Tenants)
        {
            if (!Identifier.IsValid(tenantId))
                throw new InvalidOperationException($"Tenant id '{tenantId}' is not a valid identifier.");
            foreach (var key in tenant.ApiKeys)
            {
                var hash = key.Sha256.Trim().ToLowerInvariant();
                if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
                    throw new InvalidOperationException($"API key '{key.Name}' of tenant '{tenantId}' needs a 64-character hex Sha256.");
                _byHash[hash] = new Caller(tenantId, key.Name, key.Scope);
            }
        }
        Tenants = options.Value.Tenants;
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
        if (key is null || !_byHash.TryGetValue(Hash(key), out var caller))
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
}
