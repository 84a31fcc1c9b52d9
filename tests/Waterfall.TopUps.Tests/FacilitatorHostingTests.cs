using System.Net;
using Microsoft.Extensions.Configuration;
using Waterfall.ChainTestSupport;
using Waterfall.Silo;
using Waterfall.TestSupport;

namespace Waterfall.TopUps.Tests;

public sealed class FacilitatorHostingTests(LocalChain chain) : IClassFixture<LocalChain>
{
    [Theory]
    [InlineData(false, HttpStatusCode.NotFound)]
    [InlineData(true, HttpStatusCode.OK)]
    public async Task The_silo_serves_the_x402_facilitator_only_when_told_to(bool serve, HttpStatusCode expected)
    {
        var http = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        var settings = TopUpSilo.SettingsFor(chain, LocalChain.PayTo, new Uri($"http://127.0.0.1:{TestPorts.Next()}"), http);
        settings["Waterfall:X402:ServeFacilitator"] = serve.ToString();
        await using var app = SiloHost.Build(["--environment", "Testing"], b => b.Configuration.AddInMemoryCollection(settings));
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = http };
            using var supported = await client.GetAsync("/x402/supported");

            Assert.Equal(expected, supported.StatusCode);
            if (serve) Assert.Contains("eip155:31337", await supported.Content.ReadAsStringAsync());
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
