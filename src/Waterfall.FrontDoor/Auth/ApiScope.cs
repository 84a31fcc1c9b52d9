namespace Waterfall.FrontDoor.Auth;

/// <summary>What an API key may do. Admin includes meter, and meter includes read.</summary>
public enum ApiScope
{
    Read = 1,
    Meter = 2,
    Admin = 3,
}
