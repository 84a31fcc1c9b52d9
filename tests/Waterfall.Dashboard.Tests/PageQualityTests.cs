using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Waterfall.Dashboard.Tests;

/// <summary>
/// Every page at desktop width (light) and phone width (dark): it renders (status 200, a heading, content,
/// no error shown, no script error), axe-core finds no serious or critical violation, and a screenshot
/// is written to the test's artifact folder.
/// </summary>
[Collection("dashboard")]
public sealed class PageQualityTests(DashboardFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string, string> Pages() => new()
    {
        { "sign-in", "/dashboard/sign-in" },
        { "overview", "/dashboard/overview" },
        { "wallets", "/dashboard/wallets" },
        { "wallet", "/dashboard/wallets/acme-alpha" },
        { "customers", "/dashboard/customers" },
        { "invoices", "/dashboard/invoices" },
        { "invoice", "/dashboard/invoices/customer-0.sub-0.p1" },
        { "settlement", "/dashboard/settlement?from_block=0&to_block=100" },
        { "operations", "/dashboard/operations" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_renders_and_has_no_serious_accessibility_violation_at_desktop_and_phone_width(string name, string path)
    {
        foreach (var (viewport, width, height, scheme) in new[] { ("desktop", 1280, 900, ColorScheme.Light), ("phone", 390, 844, ColorScheme.Dark) })
        {
            await using var context = await fixture.ContextAsync(new()
            {
                BaseURL = fixture.HttpAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, ColorScheme = scheme,
            });
            var page = name == "sign-in" ? await context.NewPageAsync() : await fixture.SignedInAsync(context);
            var scriptErrors = new List<string>();
            page.PageError += (_, error) => scriptErrors.Add(error);
            page.Console += (_, message) => { if (message.Type == "error") scriptErrors.Add(message.Text); };

            var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
            var file = Path.Combine(fixture.Artifacts, $"{name}-{viewport}.png");
            await page.ScreenshotAsync(new() { Path = file, FullPage = true });
            output.WriteLine($"{name} at {viewport} ({width}px, {scheme}): {file}");

            Assert.Equal(200, response!.Status);
            Assert.False(string.IsNullOrWhiteSpace(await page.Locator("main h1").InnerTextAsync()), $"{name}: no heading");
            Assert.True((await page.Locator("main").InnerTextAsync()).Trim().Length > 40, $"{name}: the page is nearly blank");
            Assert.Equal(0, await page.Locator(".problem:visible").CountAsync());
            Assert.Empty(scriptErrors);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{name} at {viewport}: the page is {overflow}px wider than the screen (wide tables must scroll in their own region)");
            if (name == "overview") Assert.True(await page.Locator("figure.chart canvas").First.IsVisibleAsync(), "the overview's chart was not drawn");

            var axe = await page.RunAxe();
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            foreach (var v in axe.Violations)
                output.WriteLine($"  axe {v.Impact}: {v.Id} ({v.Help}) at {string.Join(" | ", v.Nodes.Select(n => n.Target?.ToString()))}");
            Assert.True(serious.Count == 0, $"{name} at {viewport}: {string.Join("; ", serious.Select(v => $"{v.Id}: {v.Help}"))}");
        }
    }
}
