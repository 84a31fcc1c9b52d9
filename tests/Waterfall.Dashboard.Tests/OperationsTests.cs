using System.Globalization;
using static Microsoft.Playwright.Assertions;

namespace Waterfall.Dashboard.Tests;

[Collection("dashboard")]
public sealed class OperationsTests(DashboardFixture fixture)
{
    [Fact]
    public async Task An_admin_sees_the_active_silo_its_wallet_activations_and_the_group_commit_of_the_seeded_writes()
    {
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context);
        await page.GotoAsync("/dashboard/operations");

        await Expect(page.GetByTestId("silos").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("silos")).ToContainTextAsync("Active");
        await Expect(page.Locator("main")).ToContainTextAsync("WalletGrain");
        var batches = long.Parse((await page.GetByTestId("group-commit").Locator("data").First.GetAttributeAsync("value"))!, CultureInfo.InvariantCulture);
        Assert.True(batches > 0, "the seeded wallets' writes went through group commit, so some batches were seen");
    }
}
