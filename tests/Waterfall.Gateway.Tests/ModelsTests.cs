using System.Net.Http.Headers;
using System.Text.Json;

namespace Waterfall.Gateway.Tests;

[Collection("gateway")]
public class ModelsTests(GatewayFixture gateway)
{
    private async Task<JsonElement> ListAsync(string key, bool anthropic = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.HttpAddress, "v1/models"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (anthropic) request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await gateway.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.Clone();
    }

    [Fact]
    public async Task The_openai_list_has_the_models_of_openai_protocol_upstreams_with_their_prices()
    {
        var list = await ListAsync(GatewayFixture.MeterKey);

        Assert.Equal("list", list.GetProperty("object").GetString());
        var models = list.GetProperty("data").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.Contains("gpt-4o-mini", models.Keys);
        Assert.Contains("deepseek-chat", models.Keys);
        Assert.DoesNotContain("claude-sonnet-4-5", models.Keys);
        var pricing = models["gpt-4o-mini"].GetProperty("pricing");
        Assert.Equal(0.00000015m, decimal.Parse(pricing.GetProperty("input").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.0000006m, decimal.Parse(pricing.GetProperty("output").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_wallet_key_lists_only_the_models_it_may_use_and_anthropic_callers_get_anthropics_shape()
    {
        var key = await gateway.WalletKeyAsync(await gateway.FundedWalletAsync(0m), allowedModels: ["gpt-4o", "claude-sonnet-4-5"]);

        var openai = await ListAsync(key);
        var anthropic = await ListAsync(key, anthropic: true);

        Assert.Equal(["gpt-4o"], openai.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(["claude-sonnet-4-5"], anthropic.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.False(anthropic.GetProperty("has_more").GetBoolean());
    }
}
