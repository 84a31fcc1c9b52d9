using Microsoft.Playwright;

namespace Waterfall.Dashboard.Tests;

[Collection("dashboard")]
public sealed class SessionTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_wrong_key_is_refused_with_a_message_and_no_session()
    {
        await using var context = await fixture.ContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dashboard/sign-in");
        await page.GetByLabel("API key").FillAsync("not-anybodys-key");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            r => r.Url.EndsWith("/dashboard/sign-in", StringComparison.Ordinal) && r.Request.Method == "POST");

        Assert.Equal(401, response.Status);
        Assert.Contains("No tenant has this API key", await page.GetByTestId("sign-in-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "wf_dashboard");
        await page.GotoAsync("/dashboard/overview");
        Assert.Contains("/dashboard/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_sets_a_strict_http_only_cookie_and_signing_out_ends_the_session()
    {
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context);
        Assert.Equal(DashboardFixture.Tenant, await page.GetByTestId("tenant").InnerTextAsync());
        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "wf_dashboard");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(DashboardFixture.AdminKey, cookie.Value, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard/sign-in?signedOut=1");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "wf_dashboard");

        // The old cookie, replayed, is still a session only while its key is configured; after sign-out the browser has none.
        await page.GotoAsync("/dashboard/wallets");
        Assert.Contains("/dashboard/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        await using var context = await fixture.ContextAsync();
        await fixture.SignedInAsync(context);
        using var sdk = fixture.Sdk();
        var before = await sdk.GetWalletAsync(fixture.Wallets[2]);

        var response = await context.APIRequest.PostAsync($"/dashboard/wallets/{fixture.Wallets[2]}/grants", new()
        {
            Form = context.APIRequest.CreateFormData().Set("amount", "5").Set("kind", "purchased").Set("idempotency_key", "forged-1"),
            MaxRedirects = 0,
        });

        Assert.Equal(400, response.Status);
        Assert.Equal(before.Sequence, (await sdk.GetWalletAsync(fixture.Wallets[2])).Sequence);
    }
}
