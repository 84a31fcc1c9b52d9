using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Waterfall.Dashboard.Tests;

[Collection("dashboard")]
public sealed class InvoicePageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task The_invoice_list_shows_every_invoice_the_API_lists_with_its_amount_due()
    {
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context, DashboardFixture.ReadKey);
        await page.GotoAsync("/dashboard/invoices");
        await Expect(page.GetByTestId("invoices")).ToBeVisibleAsync();

        var api = JsonDocument.Parse(await fixture.ApiAsync("/v1/invoices", DashboardFixture.ReadKey)).RootElement.GetProperty("invoices")
            .EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("amount_due").GetInt64());
        Assert.Equal(fixture.Invoices.Count, api.Count);
        var rows = page.GetByTestId("invoices").Locator("tbody tr[data-invoice]");
        await Expect(rows).ToHaveCountAsync(api.Count);
        foreach (var row in await rows.AllAsync())
        {
            var id = (await row.GetAttributeAsync("data-invoice"))!;
            var due = long.Parse((await row.Locator("data[data-field='amount_due']").GetAttributeAsync("value"))!, CultureInfo.InvariantCulture);
            Assert.Equal(api[id], due);
        }
    }

    [Fact]
    public async Task The_invoice_list_filters_by_customer_and_status_and_refuses_an_unknown_status()
    {
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context);
        await page.GotoAsync("/dashboard/invoices");
        await page.GetByLabel("Customer").FillAsync("customer-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var api = JsonDocument.Parse(await fixture.ApiAsync("/v1/invoices?customer_id=customer-1")).RootElement.GetProperty("invoices");
        await Expect(page.GetByTestId("invoices").Locator("tbody tr[data-invoice]")).ToHaveCountAsync(api.GetArrayLength());
        Assert.Equal(2, api.GetArrayLength());

        await page.GotoAsync("/dashboard/invoices?customer=customer-0&status=paid");
        await Expect(page.GetByTestId("invoices").Locator("tbody tr[data-invoice]")).ToHaveCountAsync(0);
        await page.GotoAsync("/dashboard/invoices?customer=customer-0&status=issued");
        await Expect(page.GetByTestId("invoices").Locator("tbody tr[data-invoice]")).ToHaveCountAsync(1);

        var wrong = await page.GotoAsync("/dashboard/invoices?status=overdue");
        Assert.Equal(400, wrong!.Status);
        await Expect(page.Locator(".problem")).ToContainTextAsync("status");
    }

    [Fact]
    public async Task An_invoice_shows_the_APIs_lines_credits_per_grant_kind_and_amount_due_and_prints()
    {
        var id = fixture.Invoices[0];
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context, DashboardFixture.ReadKey);
        await page.GotoAsync("/dashboard/invoices");
        await page.GetByTestId("invoices").Locator($"tr[data-invoice='{id}'] a").ClickAsync();

        var api = JsonDocument.Parse(await fixture.ApiAsync($"/v1/invoices/{id}", DashboardFixture.ReadKey)).RootElement;
        await Expect(page.Locator("main h1")).ToHaveTextAsync($"Invoice {api.GetProperty("number").GetString()}");
        Assert.Equal(api.GetProperty("amount_due").GetInt64().ToString(CultureInfo.InvariantCulture),
            await page.Locator("[data-testid='invoice'] data[data-field='amount_due']").GetAttributeAsync("value"));
        Assert.Equal(api.GetProperty("total").GetInt64().ToString(CultureInfo.InvariantCulture),
            await page.Locator("[data-testid='invoice'] data[data-field='total']").GetAttributeAsync("value"));
        Assert.Equal(api.GetProperty("status").GetString(), await page.GetByTestId("invoice-status").InnerTextAsync());

        var lines = api.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("amount").GetInt64().ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(lines, await page.GetByTestId("lines").Locator("tbody data").EvaluateAllAsync<string[]>("e => e.map(x => x.value)"));
        var credits = api.GetProperty("credits").EnumerateArray().Select(c => $"{c.GetProperty("kind").GetString()}={c.GetProperty("amount").GetInt64()}").ToList();
        var shown = await page.GetByTestId("credits").Locator("tbody tr").EvaluateAllAsync<string[]>(
            "rows => rows.map(r => r.querySelector('th').textContent.trim() + '=' + r.querySelector('data').value)");
        Assert.Equal(credits, shown);
        Assert.Equal(0, await page.GetByTestId("void-form").CountAsync());
        await Expect(page.GetByTestId("read-only")).ToBeVisibleAsync();

        var print = await page.GotoAsync($"/dashboard/invoices/{id}/print");
        Assert.Equal(200, print!.Status);
        await Expect(page.Locator("body")).ToContainTextAsync($"Amount due: USD {Reading.MoneyText.Usd(api.GetProperty("amount_due").GetInt64()).TrimStart('$')}");
    }

    [Fact]
    public async Task A_read_key_cannot_void_an_invoice_even_with_a_valid_form_token()
    {
        var id = fixture.Invoices[1];
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context, DashboardFixture.ReadKey);
        await page.GotoAsync($"/dashboard/invoices/{id}");
        var token = await page.Locator("form.who input[type=hidden]").First.GetAttributeAsync("value");
        var field = await page.Locator("form.who input[type=hidden]").First.GetAttributeAsync("name");
        var response = await context.APIRequest.PostAsync($"/dashboard/invoices/{id}/void", new()
        {
            Form = context.APIRequest.CreateFormData().Set(field!, token!).Set("reason", "read key"),
            MaxRedirects = 0,
        });
        Assert.Equal(403, response.Status);
        var api = JsonDocument.Parse(await fixture.ApiAsync($"/v1/invoices/{id}")).RootElement;
        Assert.Equal("issued", api.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_admin_voids_an_issued_invoice_and_the_API_reads_it_void_with_its_number_kept()
    {
        var id = fixture.Invoices[2];
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context);
        await page.GotoAsync($"/dashboard/invoices/{id}");
        var number = JsonDocument.Parse(await fixture.ApiAsync($"/v1/invoices/{id}")).RootElement.GetProperty("number").GetString();
        await page.GetByLabel("Reason for voiding").FillAsync("billed twice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Void" }).ClickAsync();

        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Invoice voided.");
        await Expect(page.GetByTestId("invoice-status")).ToHaveTextAsync("void");
        Assert.Equal(0, await page.GetByTestId("void-form").CountAsync());
        var api = JsonDocument.Parse(await fixture.ApiAsync($"/v1/invoices/{id}")).RootElement;
        Assert.Equal("void", api.GetProperty("status").GetString());
        Assert.Equal("billed twice", api.GetProperty("void_reason").GetString());
        Assert.Equal(number, api.GetProperty("number").GetString());
    }

    [Fact]
    public async Task Another_tenants_invoice_or_an_unknown_one_is_not_found()
    {
        await using var context = await fixture.ContextAsync();
        var page = await fixture.SignedInAsync(context);
        var missing = await page.GotoAsync("/dashboard/invoices/no-such-invoice");
        Assert.Equal(404, missing!.Status);
        var print = await context.APIRequest.GetAsync("/dashboard/invoices/no-such-invoice/print");
        Assert.Equal(404, print.Status);
    }
}
