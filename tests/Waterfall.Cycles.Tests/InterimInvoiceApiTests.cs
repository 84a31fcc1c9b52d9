using System.Text.Json;
using Waterfall.TestSupport;
using Waterfall.Testing;

namespace Waterfall.Cycles.Tests;

/// <summary>A cluster with its front door whose one tenant bills nothing else (see <see cref="InvoiceApiFixture"/>).</summary>
public class InterimInvoiceApiFixture : WaterfallClusterFixture;

/// <summary>Progressive billing as an integrator reads it: which invoice is interim, and what each one covers.</summary>
public class InterimInvoiceApiTests(InterimInvoiceApiFixture waterfall) : IClassFixture<InterimInvoiceApiFixture>
{
    private const long Usd = CyclePlans.Usd;
    private static readonly DateTimeOffset June = new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_sdk_and_http_tell_an_interim_invoice_from_the_closing_one_and_say_what_each_covers()
    {
        waterfall.Clock.Set(June);
        var sub = await Subscriber.SubscribeAsync(waterfall.Client, CyclePlans.HybridTiered() with { ProgressiveThreshold = 10 * Usd }, WaterfallTestCluster.TenantId);
        waterfall.Clock.Set(June.AddDays(3));
        await sub.Call(100_000); // the month's tokens are used up
        await sub.Cost(12 * Usd); // USD 12 of overage crosses USD 10: an interim invoice of 10 × 1.20 + 2 × 1.00
        await Eventually.UntilAsync(() => waterfall.Sdk.ListInvoicesAsync("cust"), l => l.Count > 0, TimeSpan.FromSeconds(30));
        waterfall.Clock.Set(June.AddMonths(1).AddMinutes(5));
        await sub.Cycle.CatchUp();

        var invoices = await waterfall.Sdk.ListInvoicesAsync("cust");
        var interim = invoices.Single(i => i.IsInterim);
        var closing = invoices.Single(i => !i.IsInterim);
        Assert.Equal((1, 14 * Usd), (interim.Interim, interim.AmountDue));
        Assert.Equal(June, interim.CoversFrom.ToDateTimeOffset());
        Assert.Equal(June.AddDays(3), interim.CoversTo.ToDateTimeOffset());
        Assert.Equal((0, 14 * Usd, 14 * Usd, 0L), (closing.Interim, closing.Total, closing.InterimBilled, closing.AmountDue));
        Assert.Equal((June, June.AddMonths(1)), (closing.CoversFrom.ToDateTimeOffset(), closing.CoversTo.ToDateTimeOffset()));

        using var http = FrontDoorHttp.For(waterfall.FrontDoorAddress, WaterfallTestCluster.ReadApiKey);
        var json = JsonDocument.Parse(await http.GetStringAsync($"/v1/invoices/{interim.InvoiceId}")).RootElement;
        Assert.True(json.GetProperty("is_interim").GetBoolean());
        Assert.Equal(1, json.GetProperty("interim").GetInt32());
        Assert.Equal(June.AddDays(3), json.GetProperty("covers_to").GetDateTimeOffset());
    }
}
