using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Orleans;
using Orleans.Runtime;
using Waterfall.Contracts.Events;
using Waterfall.Dashboard.Components;
using Waterfall.Dashboard.Reading;

namespace Waterfall.Dashboard.Pages;

/// <summary>
/// Admin only: the cluster's silos and their status and activations per grain type (Orleans' management grain),
/// this silo's group commit, and the tenant's webhook delivery health.
/// </summary>
internal static class OperationsPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, IGrainFactory grains, IConfiguration configuration, GroupCommitWatch groupCommit)
    {
        var user = http.User();
        if (!user.CanAct) return SettlementPage.Forbidden(http, "Operations");
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: false);
        var statistics = await management.GetSimpleGrainStatistics();
        var silos = hosts.Select(h => new SiloRow(h.Key.ToString(), h.Value.ToString())).OrderBy(s => s.Address, StringComparer.Ordinal).ToList();
        var activations = statistics.GroupBy(s => s.GrainType)
            .Select(g => new ActivationRow(ShortType(g.Key), g.Sum(s => s.ActivationCount)))
            .OrderByDescending(a => a.Count).ThenBy(a => a.GrainType, StringComparer.Ordinal).ToList();
        // The tenant's webhook endpoints and where their deliveries stand: the grains the events API reads.
        var endpoints = await grains.GetGrain<IWebhookEndpointsGrain>(user.TenantId).List();
        var webhooks = await Task.WhenAll(endpoints.Select(async e =>
            new WebhookRow(e, await grains.GetGrain<IWebhookDeliveryGrain>($"{user.TenantId}/{e.Id}").Status())));
        return http.Page<OperationsView>(new
        {
            Frame = http.Frame("Operations", "operations"), Silos = silos, Activations = activations, GroupCommit = groupCommit.Read(), Webhooks = webhooks,
            OrleansDashboard = DashboardRoutes.OrleansDashboard(configuration),
        });
    }

    private static string ShortType(string type) => type.Split(',')[0];
}

public sealed record SiloRow(string Address, string Status);

public sealed record ActivationRow(string GrainType, int Count);

public sealed record WebhookRow(WebhookEndpoint Endpoint, WebhookDeliveryStatus Status)
{
    /// <summary>The endpoint without its query string, which may carry a receiver's token.</summary>
    public string Address => Uri.TryCreate(Endpoint.Url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : Endpoint.Url;

    public string State => !Endpoint.Enabled ? "disabled" : Status.FailingSince is not null ? "failing" : "healthy";
}
