using Microsoft.Extensions.Configuration;
using Waterfall.Silo;
using Waterfall.TestSupport;

namespace Waterfall.FrontDoor.Tests.Operations;

/// <summary>A bad value in any options class the silo binds stops the host at start, with a message naming the full key.</summary>
public class ConfigurationValidationTests
{
    [Theory]
    [InlineData("Waterfall:Store:Kind", "sqlite", "Waterfall:Store:Kind must be embedded, postgres or memory")]
    [InlineData("Waterfall:Store:PurgeInterval", "00:00:00", "Waterfall:Store:PurgeInterval must be a positive time span")]
    [InlineData("Waterfall:Cluster:SiloPort", "70000", "Waterfall:Cluster:SiloPort must be between 1 and 65535")]
    [InlineData("Waterfall:Cluster:AdvertisedAddress", "not-an-ip", "Waterfall:Cluster:AdvertisedAddress must be an IP address")]
    [InlineData("Waterfall:Store:GroupCommit:MaxBatchEntries", "0", "Waterfall:Store:GroupCommit:MaxBatchEntries must be between 1 and 100000")]
    [InlineData("Waterfall:Store:Embedded:Synchronous", "SOMETIMES", "Waterfall:Store:Embedded:Synchronous must be FULL, NORMAL or EXTRA")]
    [InlineData("Waterfall:Store:Embedded:WriterCacheBytes", "1000", "Waterfall:Store:Embedded:WriterCacheBytes must be between 1048576 (1 MB)")]
    [InlineData("Waterfall:Wallets:MaxIdempotencyKeys", "0", "Waterfall:Wallets:MaxIdempotencyKeys must be at least 1")]
    [InlineData("Waterfall:Settlement:MaxBatchSize", "0", "Waterfall:Settlement:MaxBatchSize must be between 1 and 10000")]
    [InlineData("Waterfall:TopUps:MaxAmountNanos", "-5", "Waterfall:TopUps:MaxAmountNanos must be positive")]
    [InlineData("Waterfall:X402:Clock", "Sundial", "Waterfall:X402:Clock must be System or Chain")]
    [InlineData("Waterfall:Tenants:acme:ApiKeys:0:Sha256", "abc", "Waterfall:Tenants:acme:ApiKeys:0:Sha256 must be the key's SHA-256 as 64 hex characters")]
    [InlineData("Waterfall:Host:ShutdownTimeout", "00:00:00", "Waterfall:Host:ShutdownTimeout must be a positive time span")]
    [InlineData("Waterfall:Telemetry:OtlpEndpoint", "collector:4317/x y", "Waterfall:Telemetry:OtlpEndpoint must be an absolute URL")]
    [InlineData("Waterfall:Gateway:MaxRequestBytes", "0", "Waterfall:Gateway sizes")]
    public async Task A_bad_value_stops_the_host_at_start_naming_the_key(string key, string value, string message)
    {
        var failure = await StartFailureAsync(key, value);

        Assert.NotNull(failure);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shipped_defaults_start()
    {
        Assert.Null(await StartFailureAsync("Waterfall:Demo:Enabled", "false"));
    }

    /// <summary>Builds and starts the host with one setting changed; the exception that stopped it, or null if it started.</summary>
    private static async Task<Exception?> StartFailureAsync(string key, string value)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{TestPorts.Next()}",
            ["Kestrel:Endpoints:Admin:Url"] = $"http://127.0.0.1:{TestPorts.Next()}",
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{TestPorts.Next()}",
            ["Waterfall:Cluster:SiloPort"] = TestPorts.Next().ToString(),
            ["Waterfall:Cluster:GatewayPort"] = TestPorts.Next().ToString(),
            ["Waterfall:Cluster:ClusterId"] = $"config-{Guid.NewGuid():N}",
            ["Waterfall:Store:Kind"] = "memory",
            [key] = value,
        };
        if (key.StartsWith("Waterfall:Tenants:", StringComparison.Ordinal)) settings["Waterfall:Tenants:acme:ApiKeys:0:Name"] = "ci";
        Microsoft.AspNetCore.Builder.WebApplication? app = null;
        try
        {
            app = SiloHost.Build(["--environment", "Testing"], builder => builder.Configuration.AddInMemoryCollection(settings));
            await app.StartAsync();
            await app.StopAsync();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
        finally
        {
            if (app is not null) await app.DisposeAsync();
        }
    }
}
