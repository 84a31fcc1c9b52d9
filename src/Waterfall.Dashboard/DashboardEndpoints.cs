using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Waterfall.Dashboard.Components;
using Waterfall.Dashboard.Pages;
using Waterfall.Dashboard.Session;

namespace Waterfall.Dashboard;

/// <summary>
/// The dashboard's routes. Every page but sign-in needs a session; every POST carries an antiforgery
/// token bound to the session's user; pages are never cached and may load only the dashboard's own
/// script and style (a content security policy that names no other origin).
/// </summary>
internal static class DashboardEndpoints
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var port = DashboardRoutes.HttpPort(endpoints.ServiceProvider.GetRequiredService<IConfiguration>());
        // Bound to the HTTP endpoint by the port the connection arrived on, not by the Host header (behind an ingress
        // that header names the public host). The admin port's Orleans dashboard keeps /dashboard itself there: its
        // routes carry host metadata, which routing prefers over routes without.
        var dashboard = endpoints.MapGroup(DashboardRoutes.Root).ExcludeFromDescription()
            .AddEndpointFilter((context, next) => context.HttpContext.Connection.LocalPort == port ? next(context) : ValueTask.FromResult<object?>(Results.NotFound()));
        dashboard.MapGet("/", () => Results.Redirect(DashboardRoutes.Overview));
        dashboard.MapGet("/assets/{name}", DashboardAssets.Serve);

        var open = dashboard.MapGroup("").AddEndpointFilter(Guard(requireSession: false));
        open.MapGet("/sign-in", SignInPage.Show);
        open.MapPost("/sign-in", SignInPage.SubmitAsync);

        var signedIn = dashboard.MapGroup("").AddEndpointFilter(Guard(requireSession: true));
        signedIn.MapPost("/sign-out", SignInPage.SignOut);
        signedIn.MapGet("/overview", OverviewPage.ShowAsync);
        signedIn.MapGet("/wallets", WalletsPage.ShowAsync);
        signedIn.MapGet("/wallets/{walletId}", WalletPage.ShowAsync);
        signedIn.MapGet("/wallets/{walletId}/balance", WalletPage.StreamBalanceAsync);
        signedIn.MapGet("/wallets/{walletId}/statement.csv", WalletPage.StatementCsvAsync);
        signedIn.MapPost("/wallets/{walletId}/grants", WalletPage.GrantAsync);
        signedIn.MapGet("/customers", CustomersPage.ShowAsync);
        signedIn.MapGet("/invoices", InvoicesPage.ListAsync);
        signedIn.MapGet("/invoices/{invoiceId}", InvoicesPage.ShowAsync);
        signedIn.MapGet("/invoices/{invoiceId}/print", InvoicesPage.PrintAsync);
        signedIn.MapPost("/invoices/{invoiceId}/issue", InvoicesPage.IssueAsync);
        signedIn.MapPost("/invoices/{invoiceId}/void", InvoicesPage.VoidAsync);
        signedIn.MapGet("/settlement", SettlementPage.ShowAsync);
        signedIn.MapGet("/operations", OperationsPage.ShowAsync);
    }

    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Guard(bool requireSession) => async (context, next) =>
    {
        var http = context.HttpContext;
        http.Response.Headers.ContentSecurityPolicy = Policy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        // What antiforgery sets on any page with a token; set here for every page, so it has nothing to override.
        http.Response.Headers.CacheControl = "no-cache, no-store";
        http.Response.Headers.Pragma = "no-cache";

        var user = http.RequestServices.GetRequiredService<DashboardSessions>().Current(http);
        if (user is not null)
        {
            // Antiforgery tokens are bound to this identity: a token from another session, or from before sign-in, is refused.
            http.User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, $"{user.TenantId}/{user.KeyName}"), new Claim(ClaimTypes.Name, user.KeyName)], "dashboard"));
            http.Items[typeof(DashboardUser)] = user;
        }
        if (requireSession && user is null)
            return HttpMethods.IsGet(http.Request.Method)
                ? Results.Redirect($"{DashboardRoutes.SignIn}?return={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}")
                : Results.Text("Your session has ended: sign in again.", statusCode: StatusCodes.Status401Unauthorized);
        if (HttpMethods.IsPost(http.Request.Method))
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.Text("This form has expired or did not come from the dashboard: reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
        }
        return await next(context);
    };

    public static DashboardUser User(this HttpContext http) =>
        http.Items[typeof(DashboardUser)] as DashboardUser ?? throw new InvalidOperationException("No dashboard session on this request.");

    /// <summary>What every page's frame needs: who is signed in, and a fresh antiforgery token for its forms.</summary>
    public static PageFrame Frame(this HttpContext http, string title, string? active = null)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return new PageFrame(title, active, http.Items[typeof(DashboardUser)] as DashboardUser, tokens.FormFieldName, tokens.RequestToken ?? "");
    }

    public static IResult Page<TComponent>(this HttpContext http, object parameters, int statusCode = StatusCodes.Status200OK)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        new Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult<TComponent>(parameters) { StatusCode = statusCode };
}
