using System.Net;
using Microsoft.Extensions.Configuration;
using Waterfall.ChainTestSupport;
using Waterfall.Silo;
using Waterfall.TestSupport;

namespace Waterfall.TopUps.Tests;

public sealed class FacilitatorHostingTests(LocalChain chain) : IClassFixture<LocalChain>
{
    [Theory]
    [InlineData(false, TopUpSilo.ApiKey, HttpStatusCode.NotFound)]
    [InlineData(true, TopUpSilo.ApiKey, HttpStatusCode.OK)]
    [InlineData(true, null, HttpStatusCode.Unauthorized)]
    [InlineData(true, "not-a-key", HttpStatusCode.Unauthorized)]
    public async Task The_silo_serves_the_x402_facilitator_only_when_told_to_and_only_to_an_admin_key(bool serve, string? apiKey, HttpStatusCode expected)
    {
        var http = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        var settings = TopUpSilo.SettingsFor(chain, LocalChain.PayTo, new Uri($"http://127.0.0.1:{TestPorts.Next()}"), http);
        settings["Waterfall:X402:ServeFacilitator"] = serve.ToString();
        await using var app = SiloHost.Build(["--environment", "Testing"], b => b.Configuration.AddInMemoryCollection(settings));
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = http };
            if (apiKey is not null) client.DefaultRequestHeaders.Add("x-api-key", apiKey);
            using var supported = await client.GetAsync("/x402/supported");
            using var settle = await client.PostAsync("/x402/settle", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

            Assert.Equal(expected, supported.StatusCode);
            if (expected == HttpStatusCode.OK) Assert.Contains("eip155:31337", await supported.Content.ReadAsStringAsync());
            // A refused caller is refused before its body is read: a 401, not the facilitator's 400 for a malformed request.
            if (expected == HttpStatusCode.Unauthorized) Assert.Equal(HttpStatusCode.Unauthorized, settle.StatusCode);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
