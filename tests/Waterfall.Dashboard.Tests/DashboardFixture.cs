using System.Text.RegularExpressions;
using System.Net.Http.Headers;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Invoices;
using Waterfall.Domain.Plans;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Waterfall.Client;
using Waterfall.FrontDoor.Auth;
using Waterfall.Silo;
using Waterfall.TestSupport;

namespace Waterfall.Dashboard.Tests;

/// <summary>
/// The whole service on loopback (embedded store) with two tenants, some history in one of them, and
/// Debian's chromium driven by Playwright. Tenant <see cref="Tenant"/> has an admin and a read key;
/// <see cref="OtherTenant"/> has a wallet the first must never reach.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string Tenant = "acme";
    public const string AdminKey = "acme-dashboard-admin-key";
    public const string ReadKey = "acme-dashboard-read-key";
    public const string OtherTenant = "globex";
    public const string OtherAdminKey = "globex-dashboard-admin-key";
    public const string OtherWallet = "globex-secret-wallet";
    public const string Chromium = "/usr/bin/chromium";

    private WebApplication? _app;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"waterfall-dashboard-{Guid.NewGuid():N}");

    public Uri HttpAddress { get; private set; } = null!;
    public Uri AdminAddress { get; private set; } = null!;
    public GrpcChannel Channel { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: a test artifact folder next to the test assembly.</summary>
    public string Artifacts { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard");

    /// <summary>Wallets of <see cref="Tenant"/> with purchased and promotional credit and some usage by model.</summary>
    public IReadOnlyList<string> Wallets { get; } = ["acme-alpha", "acme-beta", "acme-gamma"];

    public async Task InitializeAsync()
    {
        var grpc = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        HttpAddress = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        var endpoints = SiloEndpoints.Next(grpc: grpc, http: HttpAddress);
        AdminAddress = endpoints.Admin;
        var settings = new Dictionary<string, string?>(endpoints.Settings())
        {
            ["Waterfall:Cluster:ClusterId"] = $"dashboard-{Guid.NewGuid():N}",
            ["Waterfall:Demo:Enabled"] = "false",
            ["Waterfall:Store:Kind"] = "embedded",
            ["Waterfall:Store:Embedded:Path"] = Path.Combine(_dataDirectory, "ledger.db"),
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Name"] = "finance-admin",
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Sha256"] = TenantDirectory.Hash(AdminKey),
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:0:Scope"] = "Admin",
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:1:Name"] = "finance-read",
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:1:Sha256"] = TenantDirectory.Hash(ReadKey),
            [$"Waterfall:Tenants:{Tenant}:ApiKeys:1:Scope"] = "Read",
            [$"Waterfall:Tenants:{OtherTenant}:ApiKeys:0:Name"] = "admin",
            [$"Waterfall:Tenants:{OtherTenant}:ApiKeys:0:Sha256"] = TenantDirectory.Hash(OtherAdminKey),
            [$"Waterfall:Tenants:{OtherTenant}:ApiKeys:0:Scope"] = "Admin",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        _app = SiloHost.Build(["--environment", "Testing"], b => b.Configuration.AddInMemoryCollection(settings));
        await _app.StartAsync();
        Channel = GrpcChannel.ForAddress(grpc);
        await SeedAsync();

        Directory.CreateDirectory(Artifacts);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        // Root in a container has no user namespaces for chromium's sandbox.
        Browser = await Playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    public WaterfallClient Sdk(string key = AdminKey) => new(Channel, key, new WaterfallClientOptions { MaxAttempts = 1 });

    private async Task SeedAsync()
    {
        using var acme = Sdk();
        string[] models = ["gpt-4o", "claude-sonnet-4", "gpt-4o-mini"];
        for (var i = 0; i < Wallets.Count; i++)
        {
            var wallet = Wallets[i];
            await acme.CreateWalletAsync(wallet, customerId: $"customer-{i}", idempotencyKey: "open");
            await acme.GrantCreditsAsync(wallet, Amounts.Usd(10m + i), kind: "purchased", idempotencyKey: "fund");
            await acme.GrantCreditsAsync(wallet, Amounts.Usd(1m), kind: "promotional", expiresAt: DateTimeOffset.UtcNow.AddDays(14), idempotencyKey: "promo");
            for (var d = 0; d <= i; d++)
                await acme.DebitAsync(wallet, Amounts.Usd(0.75m + d), idempotencyKey: $"use-{d}", model: models[(i + d) % models.Length]);
        }
        await acme.AuthorizeAsync(Wallets[0], Amounts.Usd(0.25m), TimeSpan.FromHours(1), idempotencyKey: "hold");

        // A webhook receiver nobody runs: its deliveries fail, which Operations must show.
        await acme.CreateWebhookEndpointAsync($"http://127.0.0.1:{TestPorts.Unused()}/hooks?token=receiver-secret");

        await SeedInvoicesAsync();
        await SeedBillingAsync(acme);
        await SeedTopUpsAsync();

        using var globex = Sdk(OtherAdminKey);
        await globex.CreateWalletAsync(OtherWallet, idempotencyKey: "open");
        await globex.GrantCreditsAsync(OtherWallet, Amounts.Usd(777m), idempotencyKey: "fund");
    }

    /// <summary>Invoices of <see cref="Tenant"/>: customer-0's and customer-1's closed periods, issued, as the billing cycle files them.</summary>
    public IReadOnlyList<string> Invoices { get; } = ["customer-0.sub-0.p1", "customer-1.sub-1.p1", "customer-1.sub-1.p2"];

    /// <summary>
    /// The billing cycle closes a period by filing its draft with the tenant's invoice book; waiting for a real
    /// month to end is not a test, so the drafts are filed here the way the cycle grain files them.
    /// </summary>
    private async Task SeedInvoicesAsync()
    {
        var book = _app!.Services.GetRequiredService<IGrainFactory>().InvoiceBook(Tenant);
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.Year, DateTimeOffset.UtcNow.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-2);
        foreach (var (id, i) in Invoices.Select((id, i) => (id, i)))
        {
            var parts = id.Split('.');
            var number = int.Parse(parts[2][1..], System.Globalization.CultureInfo.InvariantCulture);
            var period = new PeriodSpan(number, start.AddMonths(number - 1), start.AddMonths(number));
            InvoiceLine[] lines =
            [
                new("llm_cost", PricingKind.PerUnit, 12.5m + i, 2.5m + i, 1.2m, [], (2.5m + i) * 1.2m, (long)((2.5m + i) * 1.2m * 1_000_000_000m), "LLM cost not covered by credits"),
                new("platform", PricingKind.Flat, 0, 1, null, [], 5m, 5_000_000_000, "Platform fee"),
            ];
            var total = lines.Sum(l => l.Amount);
            var draft = new Invoice(id, null, InvoiceStatus.Draft, parts[0], parts[1], Wallets[int.Parse(parts[0][^1..], System.Globalization.CultureInfo.InvariantCulture)],
                "team", 1, BillingMode.Postpaid, period, lines, [new CreditApplied("purchased", "usd", 10_000_000_000), new CreditApplied("promotional", "usd", 1_000_000_000)],
                total, total, 0, period.End);
            var filed = await book.Close(draft);
            Assert.True(filed.Receipt is not null, filed.Refusal?.Message);
        }
    }

    public const string Plan = "team";
    public const string Customer = "acme-corp";
    public const string Campaign = "welcome";

    /// <summary>A plan with a published version and a draft of the next, a customer subscribed to it, and a campaign redeemed once.</summary>
    private async Task SeedBillingAsync(Waterfall.Client.WaterfallClient acme)
    {
        Api.V1.PlanTerms Terms(long usd) => new()
        {
            Name = "Team", BillingMode = Api.V1.BillingMode.Prepaid,
            Grants = { new Api.V1.PlanGrant { Id = "included", Kind = "purchased", Amount = Amounts.Usd(usd) } },
        };
        await acme.SavePlanDraftAsync(Plan, Terms(20));
        await acme.PublishPlanAsync(Plan, 1);
        await acme.SavePlanDraftAsync(Plan, Terms(25));
        await acme.SaveCustomerAsync(Customer, name: "Acme Corp");
        await acme.SubscribeAsync(Customer, Plan, idempotencyKey: "first");
        await acme.SaveCampaignAsync(Campaign, new Api.V1.CampaignTerms
        {
            Name = "Welcome credit", Grant = new Api.V1.CampaignGrant { Kind = "promotional", Amount = Amounts.Usd(2m) },
        });
        await acme.RedeemCampaignAsync(Campaign, walletId: Wallets[1]);
    }

    public const string TopUpNetwork = "eip155:84532";

    /// <summary>x402 top-up nonces of <see cref="Tenant"/>: one settled, one failed, one still waiting for the chain.</summary>
    public IReadOnlyList<string> TopUpNonces { get; } = ["0x" + new string('a', 64), "0x" + new string('b', 64), "0x" + new string('c', 64)];

    public const string SettledTransaction = "0x1111111111111111111111111111111111111111111111111111111111111111";

    /// <summary>
    /// Top-ups as the settlement grain records them in the wallets (credit, then confirm or reverse), without a chain:
    /// the dashboard's test has no network configured, so the ledger is the whole story here.
    /// </summary>
    private async Task SeedTopUpsAsync()
    {
        var wallet = _app!.Services.GetRequiredService<Waterfall.Contracts.WalletGrains>().Get(Tenant, Wallets[2]);
        var grants = new List<string>();
        foreach (var (nonce, i) in TopUpNonces.Select((n, i) => (n, i)))
        {
            var terms = new Waterfall.Contracts.GrantTerms("purchased", new Waterfall.Contracts.Amount((i + 1) * 5_000_000_000L, "usd"), 30, null, null,
                new Waterfall.Contracts.GrantScope([], [], []), (int)Waterfall.Domain.Grants.GrantSourceKind.X402Payment, nonce, 1m);
            var credited = await wallet.CreditTopUp(new Waterfall.Contracts.GrantCredits($"x402:{TopUpNetwork}:{nonce}", terms,
                new Waterfall.Contracts.Attribution(Payer: "0x00000000000000000000000000000000000000c1", Network: TopUpNetwork)));
            Assert.True(credited.Receipt is not null, credited.Refusal?.Message);
            grants.Add(credited.Receipt!.Grant);
        }
        Assert.NotNull((await wallet.ConfirmTopUp(new Waterfall.Contracts.ConfirmTopUp($"x402-settled:{TopUpNonces[0]}", grants[0], SettledTransaction))).Receipt);
        Assert.NotNull((await wallet.ReverseTopUp(new Waterfall.Contracts.ReverseTopUp($"x402-failed:{TopUpNonces[1]}", grants[1], "authorization expired"))).Receipt);
    }

    /// <summary>A fresh browser context (its own cookies) at this viewport.</summary>
    public Task<IBrowserContext> ContextAsync(int width = 1280, int height = 900) =>
        ContextAsync(new() { BaseURL = HttpAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, AcceptDownloads = true });

    /// <summary>A browser context with generous timeouts: the machine running the tests may be busy building others.</summary>
    public async Task<IBrowserContext> ContextAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return context;
    }

    /// <summary>Signs in through the form and lands on the overview.</summary>
    public async Task<IPage> SignedInAsync(IBrowserContext context, string key = AdminKey)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dashboard/sign-in");
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/dashboard/overview$"), new() { Timeout = 60_000 });
        return page;
    }

    /// <summary>A call to the public HTTP API with a tenant key, as an integration would make it.</summary>
    public async Task<string> ApiAsync(string pathAndQuery, string key = AdminKey)
    {
        using var http = new HttpClient { BaseAddress = HttpAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {pathAndQuery}: {(int)response.StatusCode} {body}");
        return body;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }
}

[CollectionDefinition("dashboard")]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>;
