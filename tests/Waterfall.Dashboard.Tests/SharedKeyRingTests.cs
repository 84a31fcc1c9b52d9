using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Orleans;
using Waterfall.Contracts.Dashboard;
using Waterfall.FrontDoor.Auth;
using Waterfall.Silo;
using Waterfall.Storage.Postgres;
using Waterfall.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Waterfall.Dashboard.Tests;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

/// <summary>Two silos of one cluster on one PostgreSQL store, as behind a load balancer: a session opened on one is open on the other.</summary>
[Collection("postgres")]
public sealed class SharedKeyRingTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string Key = "ring-admin-key";
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = DashboardFixture.Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    [Fact]
    public async Task A_session_cookie_issued_by_one_silo_is_accepted_by_another_silo_of_the_cluster()
    {
        var database = await postgres.CreateDatabaseAsync();
        await new PostgresMigrator().MigrateAsync(database);
        var cluster = $"ring-{Guid.NewGuid():N}";
        var (a, httpA) = await StartSiloAsync(database, cluster);
        var (b, httpB) = await StartSiloAsync(database, cluster);
        try
        {
            await using var context = await _browser!.NewContextAsync();
            context.SetDefaultTimeout(60_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(httpA, "/dashboard/sign-in").ToString());
            await page.GetByLabel("API key").FillAsync(Key);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/dashboard/overview$"), new() { Timeout = 60_000 });

            // The cookie is scoped to the host, not the port: the browser sends the same one to the other silo.
            var other = await page.GotoAsync(new Uri(httpB, "/dashboard/wallets").ToString());
            Assert.Equal(200, other!.Status);
            Assert.EndsWith("/dashboard/wallets", page.Url);
            await Expect(page.GetByTestId("tenant")).ToHaveTextAsync("t");

            var ring = await b.Services.GetRequiredService<IGrainFactory>().DashboardKeyRing().Keys();
            Assert.NotEmpty(ring);
            // The cookie names the key that protected it (data protection's header: 4 bytes of magic, then the key id): the store's.
            var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "wf_dashboard");
            var keyId = new Guid(WebEncoders.Base64UrlDecode(cookie.Value).AsSpan(4, 16));
            Assert.Contains(ring, xml => xml.Contains($"<key id=\"{keyId}\"", StringComparison.Ordinal));
        }
        finally
        {
            await a.StopAsync();
            await b.StopAsync();
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    private static async Task<(WebApplication App, Uri Http)> StartSiloAsync(string database, string cluster)
    {
        var http = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        var settings = new Dictionary<string, string?>(SiloEndpoints.Next(grpc: new Uri($"http://127.0.0.1:{TestPorts.Next()}"), http: http).Settings())
        {
            ["Waterfall:Store:Kind"] = "postgres",
            ["Waterfall:Store:Postgres:ConnectionString"] = database,
            ["Waterfall:Cluster:ClusterId"] = cluster,
            ["Waterfall:Demo:Enabled"] = "false",
            ["Waterfall:Tenants:t:ApiKeys:0:Name"] = "admin",
            ["Waterfall:Tenants:t:ApiKeys:0:Sha256"] = TenantDirectory.Hash(Key),
            ["Waterfall:Tenants:t:ApiKeys:0:Scope"] = "Admin",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var app = SiloHost.Build(["--environment", "Testing"], builder => builder.Configuration.AddInMemoryCollection(settings));
        await app.StartAsync();
        return (app, http);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
