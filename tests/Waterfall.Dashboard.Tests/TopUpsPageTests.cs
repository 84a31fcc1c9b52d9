using System.Globalization;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace Waterfall.Dashboard.Tests;

[Collection("dashboard")]
public sealed class TopUpsPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Every_top_up_shows_the_state_hash_and_value_the_topups_API_gives()
    {
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context);
        await page.GotoAsync("/dashboard/settlement");

        var api = JsonDocument.Parse(await fixture.ApiAsync("/v1/finance/topups")).RootElement.GetProperty("topups").EnumerateArray().ToList();
        Assert.Equal(fixture.TopUpNonces.Count, api.Count);
        Assert.Equal(["settled", "failed", "pending"],
            fixture.TopUpNonces.Select(n => api.Single(t => t.GetProperty("nonce").GetString() == n).GetProperty("state").GetString()));
        var rows = page.GetByTestId("topups").Locator("tbody tr[data-nonce]");
        await Expect(rows).ToHaveCountAsync(api.Count);
        foreach (var t in api)
        {
            var row = page.GetByTestId("topups").Locator($"tr[data-nonce='{t.GetProperty("nonce").GetString()}']");
            await Expect(row.Locator("[data-field='state']")).ToHaveTextAsync(t.GetProperty("state").GetString()!);
            Assert.Equal(t.GetProperty("value").GetInt64().ToString(CultureInfo.InvariantCulture), await row.Locator("[data-field='value']").GetAttributeAsync("value"));
            var hash = t.GetProperty("transaction_hash").ValueKind == JsonValueKind.Null ? "—" : t.GetProperty("transaction_hash").GetString();
            await Expect(row.Locator("[data-field='transaction']")).ToHaveTextAsync(hash!);
        }
        await Expect(page.GetByTestId("topups").Locator($"tr[data-nonce='{fixture.TopUpNonces[0]}']")).ToContainTextAsync(DashboardFixture.SettledTransaction);
        await Expect(page.GetByTestId("topups").Locator($"tr[data-nonce='{fixture.TopUpNonces[1]}']")).ToContainTextAsync("authorization expired");
    }

    [Fact]
    public async Task The_topups_API_needs_an_admin_key()
    {
        using var http = new HttpClient { BaseAddress = fixture.HttpAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/finance/topups");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", DashboardFixture.ReadKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(403, (int)response.StatusCode);
    }
}
