using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Waterfall.Dashboard.Tests;

[Collection("dashboard")]
public sealed class OverviewTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Every_KPI_on_the_overview_equals_the_APIs_value_for_the_same_period()
    {
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context);
        var period = page.GetByTestId("period");
        var from = await period.GetAttributeAsync("data-from");
        var to = await period.GetAttributeAsync("data-to");
        using var api = JsonDocument.Parse(await fixture.ApiAsync($"/v1/finance/kpis?from={from}&to={to}", DashboardFixture.ReadKey));
        var expected = Expected(api.RootElement);

        var shown = new Dictionary<string, long>();
        foreach (var figure in await page.Locator("[data-kpi]").AllAsync())
            shown[(await figure.GetAttributeAsync("data-kpi"))!] = long.Parse((await figure.GetAttributeAsync("value"))!, CultureInfo.InvariantCulture);

        foreach (var (name, value) in expected)
            Assert.True(shown.TryGetValue(name, out var onPage) && onPage == value, $"{name}: the API says {value}, the page {(shown.ContainsKey(name) ? shown[name] : "nothing")}");
        // A unit only the previous period had is shown at zero; nothing else is on the page that the API did not say.
        foreach (var (name, value) in shown.Where(s => !expected.ContainsKey(s.Key)))
            Assert.True(value == 0, $"{name} is on the page ({value}) but not in the API's report");
        Assert.True(expected["recognized_revenue"] > 0 && expected["open_holds.count"] > 0 && expected.Keys.Any(k => k.StartsWith("top_models.", StringComparison.Ordinal)),
            "the seeded history should give revenue, an open hold and model spend");
    }

    [Fact]
    public async Task The_change_against_the_previous_period_is_the_difference_of_the_APIs_two_reports()
    {
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context);
        // This period has the history; the one before (same length) has none, so every change is the whole figure.
        var from = DateTime.UtcNow.Date.AddDays(-1);
        var to = DateTime.UtcNow.Date.AddDays(2);
        await page.GotoAsync($"/dashboard/overview?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        using var current = JsonDocument.Parse(await fixture.ApiAsync($"/v1/finance/kpis?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}"));
        using var previous = JsonDocument.Parse(await fixture.ApiAsync($"/v1/finance/kpis?from={from.AddDays(-3):yyyy-MM-dd}&to={from:yyyy-MM-dd}"));

        var revenue = current.RootElement.GetProperty("recognized_revenue").GetInt64();
        var before = previous.RootElement.GetProperty("recognized_revenue").GetInt64();
        var card = page.Locator(".kpi", new() { Has = page.Locator("[data-kpi='recognized_revenue']") });
        Assert.Equal($"{Reading.MoneyText.Change(revenue, before, "usd")} vs previous period", (await card.Locator(".change").InnerTextAsync()).Trim());
        Assert.Equal(revenue.ToString(CultureInfo.InvariantCulture), await card.Locator("[data-kpi]").GetAttributeAsync("value"));
    }

    [Fact]
    public async Task The_daily_chart_adds_up_to_the_APIs_waterfall_for_the_period()
    {
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context);
        var period = page.GetByTestId("period");
        using var api = JsonDocument.Parse(await fixture.ApiAsync(
            $"/v1/finance/kpis?from={await period.GetAttributeAsync("data-from")}&to={await period.GetAttributeAsync("data-to")}"));
        var daily = page.Locator("figure[data-chart='stacked']");
        var series = await daily.Locator("th[data-series]").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.series)");
        var rows = await daily.Locator("tr[data-label]").EvaluateAllAsync<long[][]>(
            "rows => rows.map(r => Array.from(r.querySelectorAll('td[data-value]')).map(c => Number(c.dataset.value)))");

        var expected = api.RootElement.GetProperty("waterfall").EnumerateArray()
            .Where(w => w.GetProperty("unit").GetString() == "usd")
            .ToDictionary(w => w.GetProperty("grant_kind").GetString()!, w => w.GetProperty("value").GetInt64());
        expected["overage"] = api.RootElement.GetProperty("overage_accrued").GetInt64();
        var summed = series.Select((name, i) => (name, total: rows.Sum(r => r[i]))).Where(s => s.total != 0 || s.name == "overage").ToDictionary(s => s.name, s => s.total);

        Assert.Equal(expected.OrderBy(e => e.Key), summed.OrderBy(e => e.Key));
        Assert.True(rows.Length >= 28, $"a month has a bar a day; the chart has {rows.Length}");
        Assert.True(await daily.Locator("canvas").IsVisibleAsync(), "the daily chart was not drawn");
    }

    private static Dictionary<string, long> Expected(JsonElement r)
    {
        var kpis = new Dictionary<string, long>
        {
            ["deferred_revenue"] = r.GetProperty("deferred_revenue_total").GetInt64(),
            ["recognized_revenue"] = r.GetProperty("recognized_revenue").GetInt64(),
            ["breakage"] = r.GetProperty("breakage").GetInt64(),
            ["overage_accrued"] = r.GetProperty("overage_accrued").GetInt64(),
            ["open_holds.count"] = r.GetProperty("open_holds").GetInt64(),
        };
        foreach (var d in r.GetProperty("deferred_revenue").EnumerateArray()) kpis[$"deferred_revenue.{d.GetProperty("grant_kind").GetString()}"] = d.GetProperty("value").GetInt64();
        foreach (var a in r.GetProperty("promotional_usage").EnumerateArray()) kpis[$"promotional_usage.{a.GetProperty("unit").GetString()}"] = a.GetProperty("value").GetInt64();
        foreach (var a in r.GetProperty("unused_promotion").EnumerateArray()) kpis[$"unused_promotion.{a.GetProperty("unit").GetString()}"] = a.GetProperty("value").GetInt64();
        foreach (var a in r.GetProperty("held").EnumerateArray()) kpis[$"open_holds.reserved.{a.GetProperty("unit").GetString()}"] = a.GetProperty("value").GetInt64();
        foreach (var u in r.GetProperty("utilization").EnumerateArray())
        {
            var key = $"utilization.{u.GetProperty("grant_kind").GetString()}.{u.GetProperty("unit").GetString()}";
            kpis[$"{key}.granted"] = u.GetProperty("granted").GetInt64();
            kpis[$"{key}.burned"] = u.GetProperty("burned").GetInt64();
        }
        foreach (var w in r.GetProperty("waterfall").EnumerateArray()) kpis[$"waterfall.{w.GetProperty("grant_kind").GetString()}.{w.GetProperty("unit").GetString()}"] = w.GetProperty("value").GetInt64();
        foreach (var s in r.GetProperty("top_models").EnumerateArray()) kpis[$"top_models.{s.GetProperty("name").GetString()}"] = s.GetProperty("spent").GetInt64();
        foreach (var s in r.GetProperty("top_wallets").EnumerateArray()) kpis[$"top_wallets.{s.GetProperty("name").GetString()}"] = s.GetProperty("spent").GetInt64();
        return kpis;
    }
}
