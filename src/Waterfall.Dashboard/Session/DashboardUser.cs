using Waterfall.FrontDoor.Auth;

namespace Waterfall.Dashboard.Session;

/// <summary>Who is signed in to the dashboard: a tenant, the name of the API key used, and that key's scope now.</summary>
public sealed record DashboardUser(string TenantId, string KeyName, ApiScope Scope)
{
    /// <summary>Admin keys act (grant credit, reconcile, see operations); read and meter keys only look.</summary>
    public bool CanAct => Scope >= ApiScope.Admin;
}
