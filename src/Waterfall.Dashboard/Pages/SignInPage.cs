using Microsoft.AspNetCore.Http;
using Waterfall.Dashboard.Components;
using Waterfall.Dashboard.Session;

namespace Waterfall.Dashboard.Pages;

/// <summary>Sign in with a tenant API key (any scope), sign out.</summary>
internal static class SignInPage
{
    public static IResult Show(HttpContext http, string? @return, string? signedOut) =>
        http.Page<SignInView>(new { Frame = http.Frame("Sign in"), Return = Local(@return), Notice = signedOut is null ? null : "You are signed out." });

    public static async Task<IResult> SubmitAsync(HttpContext http, DashboardSessions sessions)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var back = Local(form["return"]);
        if (sessions.SignIn(http, form["api_key"]) is null)
            return http.Page<SignInView>(new { Frame = http.Frame("Sign in"), Return = back, Error = "No tenant has this API key. Check the key and try again." },
                StatusCodes.Status401Unauthorized);
        return Results.Redirect(back ?? DashboardRoutes.Overview);
    }

    public static IResult SignOut(HttpContext http, DashboardSessions sessions)
    {
        sessions.SignOut(http);
        return Results.Redirect($"{DashboardRoutes.SignIn}?signedOut=1");
    }

    /// <summary>Only a dashboard path is followed after sign-in, so the form cannot send anyone elsewhere.</summary>
    private static string? Local(string? path) =>
        path is { Length: > 0 } p && p.StartsWith(DashboardRoutes.Root + "/", StringComparison.Ordinal) && !p.Contains("//", StringComparison.Ordinal) && !p.Contains('\\')
            ? p
            : null;
}
