using Microsoft.Extensions.Options;
using Waterfall.Domain;

namespace Waterfall.FrontDoor.Auth;

/// <summary>
/// Refuses, at start, tenants the front door could not authenticate unambiguously: an invalid tenant id, a key
/// whose Sha256 is not 64 hex digits, and one key hash configured twice (two tenants, or one tenant twice): a
/// caller with that key would be whichever entry came last, maybe another tenant. Names keys, never their hashes.
/// </summary>
public sealed class TenantOptionsValidator : IValidateOptions<TenantOptions>
{
    public ValidateOptionsResult Validate(string? name, TenantOptions options)
    {
        var failures = new List<string>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (tenantId, tenant) in options.Tenants)
        {
            if (!Identifier.IsValid(tenantId))
                failures.Add($"{TenantOptions.Section}: tenant id '{tenantId}' is not a valid identifier.");
            foreach (var key in tenant.ApiKeys)
            {
                var owner = $"API key '{key.Name}' of tenant '{tenantId}'";
                var hash = TenantDirectory.Normalize(key.Sha256);
                if (hash is null)
                    failures.Add($"{TenantOptions.Section}:{tenantId}: {owner} needs a 64-character hex Sha256.");
                else if (owners.TryGetValue(hash, out var first))
                    failures.Add($"{TenantOptions.Section}: {owner} has the same Sha256 as {first}; each API key belongs to one tenant and one entry.");
                else
                    owners[hash] = owner;
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
