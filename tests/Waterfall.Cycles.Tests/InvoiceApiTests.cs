using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Grpc.Core;
using Waterfall.Client;
using Waterfall.Domain.Plans;
using Waterfall.Testing;

namespace Waterfall.Cycles.Tests;

/// <summary>A cluster with its front door, whose one tenant bills nothing else: its invoice numbers start at 1.</summary>
public class InvoiceApiFixture : WaterfallClusterFixture;

public class InvoiceApiTests(InvoiceApiFixture waterfall) : IClassFixture<InvoiceApiFixture>
{
    private const long Usd = CyclePlans.Usd;
    private static readonly DateTimeOffset May = new(2027, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_closed_period_reads_as_json_csv_and_html_and_voiding_it_takes_it_off_the_receivable()
    {
        waterfall.Clock.Set(May);
        var terms = CyclePlans.HybridTiered() with
        {
            Charges = [.. CyclePlans.HybridTiered().Charges, new PlanCharge("platform", new PricingSpec(PricingKind.Flat, Fee: 5m))],
            CustomMetrics = ["platform"],
        };
        var sub = await Subscriber.SubscribeAsync(waterfall.Client, terms, WaterfallTestCluster.TenantId);
        waterfall.Clock.Set(May.AddDays(2));
        await sub.Call(100_000);
        await sub.Cost(20 * Usd); // USD 20 uncovered: 10 × 1.20 + 10 × 1.00 = 22, plus the USD 5 platform fee
        waterfall.Clock.Set(May.AddMonths(1).AddMinutes(5));
        await sub.Cycle.CatchUp();

        var listed = await waterfall.Sdk.ListInvoicesAsync("cust");
        var invoice = Assert.Single(listed);
        Assert.Equal("INV-000001", invoice.Number);
        Assert.Equal(27 * Usd, invoice.AmountDue);
        Assert.Equal(["22", "5"], invoice.Lines.Select(l => l.ExactAmount.TrimEnd('0').TrimEnd('.')));

        using var http = Http(WaterfallTestCluster.ReadApiKey);
        var json = JsonDocument.Parse(await http.GetStringAsync($"/v1/invoices/{invoice.InvoiceId}")).RootElement;
        Assert.Equal("INV-000001", json.GetProperty("number").GetString());
        Assert.Equal(27 * Usd, json.GetProperty("amount_due").GetInt64());
        Assert.Equal("issued", json.GetProperty("status").GetString());
        var csv = (await http.GetStringAsync("/v1/invoices?format=csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, csv.Length);
        Assert.Contains(",llm_cost,tiered,25,20,,22000000000,22.00,27000000000", csv[1]);
        Assert.Contains(",platform,flat,0,1,5,5000000000,5.00,27000000000", csv[2]);
        var html = await http.GetAsync($"/v1/invoices/{invoice.InvoiceId}.html");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Amount due: USD 27.00", await html.Content.ReadAsStringAsync());

        var missing = await http.GetAsync("/v1/invoices/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("INVOICE_NOT_FOUND", JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/v1/invoices?format=pdf")).StatusCode);

        using (var reader = waterfall.CreateSdkClient(WaterfallTestCluster.ReadApiKey, new WaterfallClientOptions { MaxAttempts = 1 }))
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<WaterfallException>(() => reader.VoidInvoiceAsync(invoice.InvoiceId))).StatusCode);

        var before = (await sub.Wallet.Get()).Receipt!.Sequence;
        var voided = await waterfall.Sdk.VoidInvoiceAsync(invoice.InvoiceId, "goodwill");
        var again = await waterfall.Sdk.VoidInvoiceAsync(invoice.InvoiceId, "goodwill");
        Assert.Equal(Api.V1.InvoiceStatus.Void, voided.Status);
        Assert.Equal("INV-000001", again.Number);
        var conflict = await Assert.ThrowsAsync<WaterfallException>(() => waterfall.Sdk.IssueInvoiceAsync(invoice.InvoiceId));
        Assert.Equal("INVOICE_STATE_CONFLICT", conflict.Reason);
        // One reversal posted, however often the void is asked.
        var posted = (await waterfall.Cluster.Journal.LoadAsync(new Domain.Wallets.WalletKey(WaterfallTestCluster.TenantId, sub.WalletId))).Events
            .OfType<Domain.Wallets.InvoicePosted>().ToList();
        Assert.Equal([false, true], posted.Select(p => p.Void));
        Assert.Equal(before + 1, (await sub.Wallet.Get()).Receipt!.Sequence);
    }

    private HttpClient Http(string apiKey) => FrontDoorHttp.For(waterfall.FrontDoorAddress, apiKey);
}
