using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Waterfall.FrontDoor.Auth;

namespace Waterfall.Dashboard.Session;

/// <summary>
/// The dashboard's session: signing in trades a tenant API key for a cookie (HttpOnly, SameSite=Strict,
/// Secure over HTTPS) that carries the tenant, the key's name and its SHA-256, encrypted and signed by
/// ASP.NET data protection. The clear key is never stored. Every request re-reads the key's scope from
/// the tenant directory, so a key removed from configuration ends its sessions.
/// </summary>
public sealed class DashboardSessions(IDataProtectionProvider protection, TenantDirectory tenants, TimeProvider clock)
{
    public const string CookieName = "wf_dashboard";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);
    private readonly IDataProtector _protector = protection.CreateProtector("Waterfall.Dashboard.Session.v1");

    /// <summary>The user behind this key, with the session cookie set; null (and no cookie) when no tenant has the key.</summary>
    public DashboardUser? SignIn(HttpContext http, string? apiKey)
    {
        if (string.IsNullOrWhiteSpace(apiKey) || tenants.Authenticate(null, apiKey.Trim(), ApiScope.Read, out _) is not { } caller) return null;
        var expires = clock.GetUtcNow() + Lifetime;
        var payload = string.Join('\n', caller.TenantId, caller.KeyName, TenantDirectory.Hash(apiKey.Trim()), expires.ToUnixTimeSeconds());
        http.Response.Cookies.Append(CookieName, _protector.Protect(payload), Options(http));
        return new DashboardUser(caller.TenantId, caller.KeyName, caller.Scope);
    }

    public void SignOut(HttpContext http) => http.Response.Cookies.Delete(CookieName, Options(http));

    /// <summary>The signed-in user, or null when there is no valid, unexpired session for a key the directory still holds.</summary>
    public DashboardUser? Current(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var cookie) || string.IsNullOrEmpty(cookie)) return null;
        string payload;
        try
        {
            payload = _protector.Unprotect(cookie);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var parts = payload.Split('\n');
        if (parts.Length != 4 || !long.TryParse(parts[3], out var expires) || clock.GetUtcNow().ToUnixTimeSeconds() >= expires) return null;
        var (tenantId, keyName, hash) = (parts[0], parts[1], parts[2]);
        if (!tenants.Tenants.TryGetValue(tenantId, out var tenant)) return null;
        var key = tenant.ApiKeys.FirstOrDefault(k => k.Name == keyName && FixedEquals(TenantDirectory.Normalize(k.Sha256), hash));
        return key is null ? null : new DashboardUser(tenantId, keyName, key.Scope);
    }

    private static bool FixedEquals(string? a, string b) =>
        a is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private static CookieOptions Options(HttpContext http) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = DashboardRoutes.Root,
        IsEssential = true,
    };
}
