using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Waterfall.Client;
using static Microsoft.Playwright.Assertions;

namespace Waterfall.Dashboard.Tests;

[Collection("dashboard")]
public sealed class WalletPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task The_balance_changes_live_after_a_debit_made_over_gRPC()
    {
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context);
        var wallet = fixture.Wallets[1];
        await page.GotoAsync($"/dashboard/wallets/{wallet}");
        var available = page.Locator("[data-balance='usd'][data-field='available']");
        using var sdk = fixture.Sdk();
        var before = Usd(await sdk.GetWalletAsync(wallet));
        await Expect(available).ToHaveAttributeAsync("value", before.ToString(CultureInfo.InvariantCulture));

        await sdk.DebitAsync(wallet, Amounts.Usd(0.5m), idempotencyKey: $"live-{Guid.NewGuid():N}", model: "gpt-4o");
        var after = Usd(await sdk.GetWalletAsync(wallet));

        Assert.Equal(before - 500_000_000, after);
        // No reload: the page hears it over server-sent events.
        await Expect(available).ToHaveAttributeAsync("value", after.ToString(CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        await Expect(available).ToHaveTextAsync(Reading.MoneyText.Usd(after));
    }

    [Fact]
    public async Task The_downloaded_statement_has_every_line_of_the_export_API()
    {
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context);
        var wallet = fixture.Wallets[2];
        await page.GotoAsync($"/dashboard/wallets/{wallet}");
        var link = page.GetByTestId("statement-csv");
        var query = new Uri(fixture.HttpAddress, await link.GetAttributeAsync("href")).Query;
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var csv = await File.ReadAllLinesAsync(await download.PathAsync());

        using var api = JsonDocument.Parse(await fixture.ApiAsync($"/v1/finance/wallets/{wallet}/statement{query}"));
        var expected = new List<string>();
        foreach (var a in api.RootElement.GetProperty("opening").EnumerateArray()) expected.Add($",opening,{Row(a)}");
        foreach (var line in api.RootElement.GetProperty("lines").EnumerateArray())
            foreach (var a in line.GetProperty("changes").EnumerateArray())
                expected.Add($"{line.GetProperty("seq").GetInt64()},{line.GetProperty("kind").GetString()},{Row(a)}");
        foreach (var a in api.RootElement.GetProperty("closing").EnumerateArray()) expected.Add($",closing,{Row(a)}");

        Assert.Equal("wallet_id,seq,at,kind,unit,change,idempotency_key,model", csv[0]);
        var rows = csv.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(c => $"{c[1]},{c[3]},{c[4]},{c[5]}").ToList();
        Assert.Equal(expected, rows);
        Assert.True(api.RootElement.GetProperty("lines").GetArrayLength() >= 4, "the statement should show the wallet's grants and debits");
        Assert.All(csv.Skip(1).Where(l => l.Length > 0), l => Assert.StartsWith(wallet + ",", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admin_grants_credit_from_the_page()
    {
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context);
        var wallet = fixture.Wallets[0];
        using var sdk = fixture.Sdk();
        var before = Usd(await sdk.GetWalletAsync(wallet));
        await page.GotoAsync($"/dashboard/wallets/{wallet}");
        await page.GetByLabel("Amount (USD)").FillAsync("2.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grant" }).ClickAsync();

        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Granted");
        Assert.Equal(before + 2_500_000_000, Usd(await sdk.GetWalletAsync(wallet)));
    }

    [Fact]
    public async Task A_read_key_sees_the_wallet_but_cannot_act()
    {
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context, DashboardFixture.ReadKey);
        var wallet = fixture.Wallets[0];
        await page.GotoAsync($"/dashboard/wallets/{wallet}");
        await Expect(page.GetByTestId("read-only")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByTestId("grant-form").CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Operations" }).CountAsync());

        // A hand-made POST with this session's valid antiforgery token is still refused by scope.
        var token = await page.Locator("form.who input[type=hidden]").First.GetAttributeAsync("value");
        var field = await page.Locator("form.who input[type=hidden]").First.GetAttributeAsync("name");
        using var sdk = fixture.Sdk();
        var before = await sdk.GetWalletAsync(wallet);
        var response = await context.APIRequest.PostAsync($"/dashboard/wallets/{wallet}/grants", new()
        {
            Form = context.APIRequest.CreateFormData().Set(field!, token!).Set("amount", "100").Set("kind", "purchased").Set("idempotency_key", "read-key-try"),
            MaxRedirects = 0,
        });
        Assert.Equal(403, response.Status);
        Assert.Equal(before.Sequence, (await sdk.GetWalletAsync(wallet)).Sequence);

        var operations = await page.GotoAsync("/dashboard/operations");
        Assert.Equal(403, operations!.Status);
    }

    [Fact]
    public async Task Another_tenants_wallet_is_not_reachable_by_URL()
    {
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context);
        var response = await page.GotoAsync($"/dashboard/wallets/{DashboardFixture.OtherWallet}");

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByTestId("refused")).ToContainTextAsync("no wallet");
        Assert.DoesNotContain("777", await page.ContentAsync(), StringComparison.Ordinal);
        var stream = await context.APIRequest.GetAsync($"/dashboard/wallets/{DashboardFixture.OtherWallet}/balance");
        Assert.Equal(404, stream.Status);
        var csv = await context.APIRequest.GetAsync($"/dashboard/wallets/{DashboardFixture.OtherWallet}/statement.csv?from=2000-01-01&to=2100-01-01");
        Assert.DoesNotContain("777", await csv.TextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(DashboardFixture.OtherWallet, (await (await page.GotoAsync("/dashboard/wallets"))!.TextAsync()), StringComparison.Ordinal);
    }

    private static long Usd(Api.V1.Wallet wallet) => wallet.Balances.Single(b => b.Unit == "usd").Available;

    private static string Row(JsonElement amount)
    {
        var unit = amount.GetProperty("unit").GetString()!;
        var value = amount.GetProperty("value").GetInt64();
        var text = unit == "usd" ? (value / 1_000_000_000m).ToString("0.000000000", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);
        return $"{unit},{text}";
    }
}
