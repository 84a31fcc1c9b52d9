using System.Net;
using Waterfall.FrontDoor.Auth;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

/// <summary>What an operator sees when a silo starts with the shipped log levels and endpoint protocols.</summary>
public sealed class StartOutputTests
{
    [Fact]
    public async Task A_silo_starts_with_a_short_log_and_no_warnings_at_the_shipped_settings()
    {
        await using var silo = new SiloProcess(new Dictionary<string, string>
        {
            ["Waterfall:Store:Kind"] = "memory",
            // SiloProcess quiets everything to Warning and serves the HTTP endpoint as HTTP/1.1 + HTTP/2: undo both.
            ["Logging:LogLevel:Default"] = "Information",
            ["Kestrel:Endpoints:Http:Protocols"] = "Http1",
            ["Waterfall:Tenants:ops:ApiKeys:0:Name"] = "admin",
            ["Waterfall:Tenants:ops:ApiKeys:0:Sha256"] = TenantDirectory.Hash("start-output-admin-key"),
            ["Waterfall:Tenants:ops:ApiKeys:0:Scope"] = "Admin",
        });
        await silo.StartAsync();
        using var admin = new HttpClient { BaseAddress = silo.AdminAddress };
        await Eventually.UntilAsync(async () => (await admin.GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        var lines = silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Orleans' own watchdogs warn when the machine is slow (a loaded CI box): that is the box, not the start.
        string[] machineLoad = ["Orleans.Runtime.Watchdog", "Orleans.Runtime.MembershipService.LocalSiloHealthMonitor"];
        Assert.DoesNotContain(lines, l => (l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal))
            && !machineLoad.Any(category => l.Contains(category, StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("Orleans.Configuration.", StringComparison.Ordinal)); // no option dumps
        Assert.True(lines.Length < 60, $"the start printed {lines.Length} lines:\n{silo.Output}");
    }
}
