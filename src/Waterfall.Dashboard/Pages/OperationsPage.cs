using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Orleans;
using Orleans.Runtime;
using Waterfall.Dashboard.Components;
using Waterfall.Dashboard.Reading;

namespace Waterfall.Dashboard.Pages;

/// <summary>Admin only: the cluster's silos and their status and activations per grain type (Orleans' management grain), and this silo's group commit.</summary>
internal static class OperationsPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, IGrainFactory grains, IConfiguration configuration, GroupCommitWatch groupCommit)
    {
        if (!http.User().CanAct) return SettlementPage.Forbidden(http, "Operations");
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: false);
        var statistics = await management.GetSimpleGrainStatistics();
        var silos = hosts.Select(h => new SiloRow(h.Key.ToString(), h.Value.ToString())).OrderBy(s => s.Address, StringComparer.Ordinal).ToList();
        var activations = statistics.GroupBy(s => s.GrainType)
            .Select(g => new ActivationRow(ShortType(g.Key), g.Sum(s => s.ActivationCount)))
            .OrderByDescending(a => a.Count).ThenBy(a => a.GrainType, StringComparer.Ordinal).ToList();
        return http.Page<OperationsView>(new
        {
            Frame = http.Frame("Operations", "operations"), Silos = silos, Activations = activations, GroupCommit = groupCommit.Read(),
            OrleansDashboard = DashboardRoutes.OrleansDashboard(configuration),
        });
    }

    private static string ShortType(string type) => type.Split(',')[0];
}

public sealed record SiloRow(string Address, string Status);

public sealed record ActivationRow(string GrainType, int Count);
