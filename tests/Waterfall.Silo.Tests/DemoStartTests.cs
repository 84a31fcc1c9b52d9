using System.Net;
using Waterfall.Client;
using Waterfall.FrontDoor.Auth;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

/// <summary>With the demo on: startup health waits for the demo wallet, and the banner prints the configured addresses.</summary>
public sealed class DemoStartTests
{
    private const string DemoKey = "wf_demo_admin_key";

    [Fact]
    public async Task Startup_is_green_only_once_the_demo_wallet_exists_and_the_banner_names_the_configured_endpoints()
    {
        var http = $"http://127.0.0.1:{TestPorts.Next()}";
        await using var silo = new SiloProcess(new Dictionary<string, string>
        {
            ["Waterfall:Store:Kind"] = "memory",
            ["Waterfall:Demo:Enabled"] = "true",
            ["Kestrel:Endpoints:Http:Url"] = http,
            ["Logging:LogLevel:Waterfall.Silo"] = "Information",
            ["Waterfall:Tenants:demo:ApiKeys:0:Name"] = "demo-admin",
            ["Waterfall:Tenants:demo:ApiKeys:0:Sha256"] = TenantDirectory.Hash(DemoKey),
            ["Waterfall:Tenants:demo:ApiKeys:0:Scope"] = "Admin",
        });
        await silo.StartAsync();
        using var admin = new HttpClient { BaseAddress = silo.AdminAddress };

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await admin.GetAsync("/health/startup")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(50);
        using var client = new WaterfallClient(silo.GrpcAddress, DemoKey, new WaterfallClientOptions { MaxAttempts = 1 });
        var wallet = await client.GetWalletAsync("demo-wallet");

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health/ready")).StatusCode);
        Assert.NotEmpty(wallet.Grants);
        var output = silo.Output;
        Assert.Contains($"at {silo.GrpcAddress.ToString().TrimEnd('/')}", output, StringComparison.Ordinal);
        Assert.Contains($"at {http}", output, StringComparison.Ordinal);
        Assert.Contains($"Health: {silo.AdminAddress.ToString().TrimEnd('/')}/health/ready", output, StringComparison.Ordinal);
        Assert.DoesNotContain(":5082", output, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost:5081", output, StringComparison.Ordinal);
    }
}
