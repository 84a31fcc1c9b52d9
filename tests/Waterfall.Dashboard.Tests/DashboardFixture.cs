using System.Net.Http.Headers;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;
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
        var settings = new Dictionary<string, string?>(SiloEndpoints.Next(grpc: grpc, http: HttpAddress).Settings())
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

        using var globex = Sdk(OtherAdminKey);
        await globex.CreateWalletAsync(OtherWallet, idempotencyKey: "open");
        await globex.GrantCreditsAsync(OtherWallet, Amounts.Usd(777m), idempotencyKey: "fund");
    }

    /// <summary>A fresh browser context (its own cookies) at this viewport.</summary>
    public Task<IBrowserContext> ContextAsync(int width = 1280, int height = 900) =>
        Browser.NewContextAsync(new() { BaseURL = HttpAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, AcceptDownloads = true });

    /// <summary>Signs in through the form and lands on the overview.</summary>
    public async Task<IPage> SignedInAsync(IBrowserContext context, string key = AdminKey)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dashboard/sign-in");
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard/overview");
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
