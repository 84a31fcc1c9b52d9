using Grpc.Reflection.V1Alpha;
using Microsoft.Extensions.DependencyInjection;

namespace Waterfall.FrontDoor.Tests;

public class HostTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task Server_reflection_lists_the_waterfall_services()
    {
        var reflection = new ServerReflection.ServerReflectionClient(silo.Channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("waterfall.v1.WalletService", services);
        Assert.Contains("waterfall.v1.PricingService", services);
    }

    [Fact]
    public async Task The_liveness_probe_answers_over_http_1_1()
    {
        using var http = new HttpClient { BaseAddress = silo.AdminAddress };

        var response = await http.GetAsync("/health/live");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Version(1, 1), response.Version);
    }

    [Fact]
    public void A_silo_that_records_no_traces_puts_no_filter_on_outgoing_grain_calls()
    {
        // Any outgoing filter takes every grain call off Orleans' direct path; the traced silo's filters are proven by
        // TelemetryTests (its trace reaches into the grain and the journal write).
        Assert.Empty(silo.Services.GetServices<IOutgoingGrainCallFilter>());
        Assert.DoesNotContain(silo.Services.GetServices<IIncomingGrainCallFilter>(), f => f.GetType().Name.Contains("Activity", StringComparison.Ordinal));
    }
}
