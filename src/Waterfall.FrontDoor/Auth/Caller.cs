namespace Waterfall.FrontDoor.Auth;

/// <summary>The authenticated tenant behind a call, and what its key may do.</summary>
public sealed record Caller(string TenantId, string KeyName, ApiScope Scope)
{
    public bool May(ApiScope required) => Scope >= required;
}
