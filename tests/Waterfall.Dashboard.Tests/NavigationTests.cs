using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Waterfall.Dashboard.Tests;

[Collection("dashboard")]
public sealed class NavigationTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_page_asked_for_before_signing_in_is_where_signing_in_lands()
    {
        await using var context = await fixture.ContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dashboard/wallets?q=beta");
        Assert.Contains("/dashboard/sign-in?return=", page.Url, StringComparison.Ordinal);

        await page.GetByLabel("API key").FillAsync(DashboardFixture.ReadKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/dashboard/wallets\?q=beta$"), new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("wallets").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("wallets")).ToContainTextAsync("acme-beta");
        await Expect(page.GetByTestId("wallet-count")).ToHaveTextAsync("1 wallet matching “beta”.");
    }

    [Fact]
    public async Task The_wallet_list_is_searched_and_sorted_by_the_form()
    {
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context);
        await page.GotoAsync("/dashboard/wallets");
        foreach (var wallet in fixture.Wallets) await Expect(page.GetByRole(AriaRole.Link, new() { Name = wallet, Exact = true })).ToBeVisibleAsync();

        await page.GetByLabel("Sort by").SelectOptionAsync("newest");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/dashboard/wallets\?q=&sort=newest$"), new() { Timeout = 60_000 });
        var order = await page.GetByTestId("wallets").Locator("tbody th a").AllInnerTextsAsync();
        // The subscribed customer's main wallet was opened last, by the subscription.
        Assert.Equal([Domain.Customers.Customer.MainWalletIdFor(DashboardFixture.Customer), .. fixture.Wallets.Reverse()], order);

        await page.GetByLabel("Search wallets").FillAsync("GAMMA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        Assert.Equal(["acme-gamma"], await page.GetByTestId("wallets").Locator("tbody th a").AllInnerTextsAsync());
    }

    [Fact]
    public async Task The_keyboard_reaches_the_skip_link_first_and_the_sign_in_form_without_a_mouse()
    {
        await using var context = await fixture.ContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dashboard/sign-in");

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("api_key", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.TypeAsync(DashboardFixture.AdminKey);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"/dashboard/overview$"), new() { Timeout = 60_000 });
    }
}
