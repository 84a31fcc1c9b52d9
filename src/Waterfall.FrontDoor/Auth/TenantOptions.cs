namespace Waterfall.FrontDoor.Auth;

/// <summary>
/// Configuration section <c>Waterfall:Tenants</c>: each tenant's API keys (stored as SHA-256
/// hashes, never in clear) and pricing.
/// <code>
/// "Waterfall": { "Tenants": { "acme": { "MarkupPercent": 20,
///   "ApiKeys": [ { "Name": "ci", "Sha256": "9f86d0…", "Scope": "Meter" } ] } } }
/// </code>
/// </summary>
public sealed class TenantOptions
{
    public const string Section = "Waterfall:Tenants";

    public Dictionary<string, TenantConfig> Tenants { get; set; } = [];
}

public sealed class TenantConfig
{
    /// <summary>Added on top of catalog prices, in percent (e.g. 20 = +20 %).</summary>
    public decimal MarkupPercent { get; set; }

    public List<ApiKeyConfig> ApiKeys { get; set; } = [];
}

public sealed class ApiKeyConfig
{
    public string Name { get; set; } = "";

    /// <summary>Lowercase hex SHA-256 of the key's UTF-8 text.</summary>
    public string Sha256 { get; set; } = "";

    public ApiScope Scope { get; set; } = ApiScope.Read;
}
