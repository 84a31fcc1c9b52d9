using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using Waterfall.Client;
using Waterfall.Silo;
using Waterfall.TestSupport;

namespace Waterfall.FrontDoor.Tests.Security;

/// <summary>
/// A silo logging everything at Trace, configured with known secrets: a settlement key, an upstream provider key
/// (for a provider that cannot be reached), and the fixture's API keys.
/// </summary>
public sealed class TraceSiloFixture : SiloFixture
{
    public const string SettlementKey = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
    public const string UpstreamKey = "sk-upstream-secret-7e2d9a41";

    protected override Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        settings["Logging:LogLevel:Default"] = "Trace";
        foreach (var category in new[] { "Microsoft", "Microsoft.AspNetCore", "Orleans", "Grpc", "System.Net.Http.HttpClient", "Waterfall" })
            settings[$"Logging:LogLevel:{category}"] = "Trace";
        settings["Waterfall:X402:SignerPrivateKey"] = SettlementKey;
        settings["Waterfall:Gateway:Providers:openai:BaseUrl"] = $"http://127.0.0.1:{TestPorts.Next()}/v1";
        settings["Waterfall:Gateway:Providers:openai:ApiKey"] = UpstreamKey;
        return Task.CompletedTask;
    }

    protected override void ConfigureHost(WebApplicationBuilder builder)
    {
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFilter(_ => true);
    }
}

/// <summary>Issue 17: no secret reaches a log (at any level) or an error answer.</summary>
public class SecretLeakTests(TraceSiloFixture silo) : IClassFixture<TraceSiloFixture>
{
    private const string WrongApiKey = "wf_wrong_api_key_5d1c";
    private const string WrongWalletKey = "wk_wrong_wallet_key_0a9f";
    private const string DatabasePassword = "pg-secret-6a2e0c93";

    [Fact]
    public async Task A_trace_run_with_a_bad_key_and_an_unreachable_upstream_logs_and_answers_no_secret()
    {
        var client = silo.Client();
        var walletId = $"trace-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(walletId, Amounts.Usd(1m));
        var walletKey = await client.CreateWalletKeyAsync(walletId, name: "trace");
        var answers = new List<string>();

        var refused = await Assert.ThrowsAsync<WaterfallException>(() => silo.Client(WrongApiKey).GetWalletAsync(walletId));
        answers.Add(refused.ToString());
        using var http = new HttpClient { BaseAddress = silo.HttpAddress };
        foreach (var (key, path) in new[] { (WrongApiKey, $"/v1/wallets/{walletId}"), (SiloFixture.AdminKey, "/v1/wallets/no-such-wallet") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await http.SendAsync(request);
            Assert.False(response.IsSuccessStatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }
        foreach (var key in new[] { walletKey.Secret, WrongWalletKey })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = new StringContent("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await http.SendAsync(request);
            Console.WriteLine($"gateway with {(key == WrongWalletKey ? "a wrong" : "a valid")} wallet key: {(int)response.StatusCode}");
            Assert.True(response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.Unauthorized, $"{response.StatusCode}");
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        var logs = silo.Logs.Lines.Select(l => l.Text).Concat(silo.Logs.Scopes).ToList();
        Console.WriteLine($"{logs.Count} log lines and scopes scanned");
        Assert.True(logs.Count > 100, $"expected a Trace run to log plenty; it logged {logs.Count} lines");
        string[] secrets = [SiloFixture.AdminKey, SiloFixture.MeterKey, WrongApiKey, WrongWalletKey, walletKey.Secret, TraceSiloFixture.UpstreamKey,
            TraceSiloFixture.SettlementKey, TraceSiloFixture.SettlementKey[2..]];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(logs, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(answers, answer => answer.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task A_silo_whose_database_refuses_its_credentials_says_so_without_the_password_in_its_log_or_its_error()
    {
        var postgres = new PostgresFixture();
        await postgres.InitializeAsync();
        try
        {
            await RefusedCredentials(postgres);
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }

    private static async Task RefusedCredentials(PostgresFixture postgres)
    {
        var refused = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Username = "no_such_role", Password = DatabasePassword }.ToString();
        var logs = new LogRecorder();
        var settings = new Dictionary<string, string?>(SiloEndpoints.Next().Settings())
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Waterfall:Cluster:ClusterId"] = $"pw-{Guid.NewGuid():N}",
            ["Waterfall:Demo:Enabled"] = "false",
            ["Waterfall:Store:Kind"] = "postgres",
            ["Waterfall:Store:Postgres:ConnectionString"] = refused,
        };

        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var app = SiloHost.Build(["--environment", "Testing"], builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Logging.AddProvider(logs);
            });
            await app.StartAsync();
            await app.StopAsync();
        });

        Console.WriteLine($"start failed: {error.GetType().Name}: {error.Message}");
        Assert.IsType<SiloStartupException>(error);
        Assert.DoesNotContain(DatabasePassword, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, line => line.Text.Contains(DatabasePassword, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Scopes, scope => scope.Contains(DatabasePassword, StringComparison.Ordinal));
    }
}
