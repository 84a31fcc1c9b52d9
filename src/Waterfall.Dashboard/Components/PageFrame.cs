using Waterfall.Dashboard.Session;

namespace Waterfall.Dashboard.Components;

/// <summary>The frame around every page: its title, the navigation entry it is, the user, and the antiforgery field for its forms.</summary>
public sealed record PageFrame(string Title, string? Active, DashboardUser? User, string CsrfField, string CsrfToken);
