using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Waterfall.Client;
using Waterfall.FrontDoor.Auth;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

[Collection("postgres")]
public sealed class TwoSiloTests(PostgresFixture postgres)
{
    private const string ApiKey = "two-silo-key";
    private const long Price = 1_000_000;

    /// <summary>An in-process silo host on its own free ports.</summary>
    private static async Task<(WebApplication App, Uri Grpc)> StartSiloAsync(Dictionary<string, string> settings)
    {
        var grpc = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        var all = new Dictionary<string, string?>(SiloEndpoints.Next(grpc: grpc).Settings().Concat(settings.ToDictionary(s => s.Key, s => (string?)s.Value)))
        {
            ["Waterfall:Tenants:t:ApiKeys:0:Name"] = "admin",
            ["Waterfall:Tenants:t:ApiKeys:0:Sha256"] = TenantDirectory.Hash(ApiKey),
            ["Waterfall:Tenants:t:ApiKeys:0:Scope"] = "Admin",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var app = SiloHost.Build(["--environment", "Testing"], b => b.Configuration.AddInMemoryCollection(all));
        await app.StartAsync();
        return (app, grpc);
    }


    [Fact]
    public async Task Two_silos_in_one_cluster_serve_one_wallet_through_both_front_doors_exactly_once()
    {
        var settings = PostgresStore.Settings(await PostgresStore.NewDatabaseAsync(postgres));
        var (a, grpcA) = await StartSiloAsync(settings);
        var (b, grpcB) = await StartSiloAsync(settings);
        try
        {
            using var viaA = new WaterfallClient(grpcA, ApiKey);
            using var viaB = new WaterfallClient(grpcB, ApiKey);
            await viaA.CreateWalletAsync("shared", idempotencyKey: "open");
            await viaB.GrantCreditsAsync("shared", Amounts.Nanos(30 * Price), idempotencyKey: "fund");

            var calls = Enumerable.Range(0, 50).Select(async i =>
            {
                try
                {
                    await (i % 2 == 0 ? viaA : viaB).DebitAsync("shared", Amounts.Nanos(Price), idempotencyKey: $"call-{i}");
                    return "ok";
                }
                catch (WaterfallException ex)
                {
                    return ex.Reason;
                }
            });
            var results = await Task.WhenAll(calls);

            Assert.Equal(30, results.Count(r => r == "ok"));
            Assert.Equal(20, results.Count(r => r == "INSUFFICIENT_FUNDS"));
            Assert.Equal(0, (await viaB.GetWalletAsync("shared")).Balances.Single().Total);
            Assert.Equal(32, (await viaA.ListLedgerAsync("shared").ToListAsync()).Count);
        }
        finally
        {
            await a.StopAsync();
            await b.StopAsync();
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_second_writer_of_a_wallet_is_fenced_off_and_recovers_by_reloading()
    {
        // Two silos that cannot see each other (two clusters, one ledger database): both activate the same wallet.
        var database = await PostgresStore.NewDatabaseAsync(postgres);
        var (a, grpcA) = await StartSiloAsync(PostgresStore.Settings(database));
        var (b, grpcB) = await StartSiloAsync(PostgresStore.Settings(database));
        try
        {
            using var viaA = new WaterfallClient(grpcA, ApiKey, new WaterfallClientOptions { MaxAttempts = 1 });
            using var viaB = new WaterfallClient(grpcB, ApiKey, new WaterfallClientOptions { MaxAttempts = 1 });
            await viaA.CreateWalletAsync("split", idempotencyKey: "open");
            await viaA.GrantCreditsAsync("split", Amounts.Nanos(3 * Price), idempotencyKey: "fund");
            Assert.Equal(3 * Price, (await viaB.GetWalletAsync("split")).Balances.Single().Total); // B's activation loads sequence 2

            await viaA.DebitAsync("split", Amounts.Nanos(2 * Price), idempotencyKey: "from-a"); // A writes sequence 3
            var fenced = await Assert.ThrowsAsync<WaterfallException>(() => viaB.DebitAsync("split", Amounts.Nanos(2 * Price), idempotencyKey: "from-b"));

            // B's stale activation believed 3 units were left; its write of sequence 3 was refused and it dropped itself.
            Assert.Equal("STORE_UNAVAILABLE", fenced.Reason);
            Assert.True(fenced.IsRetryable);

            // The retry reaches a fresh activation that reloaded the journal, and sees the truth.
            await Task.Delay(200);
            var retry = await Assert.ThrowsAsync<WaterfallException>(() => viaB.DebitAsync("split", Amounts.Nanos(2 * Price), idempotencyKey: "from-b"));
            Assert.Equal("INSUFFICIENT_FUNDS", retry.Reason);
            var small = await viaB.DebitAsync("split", Amounts.Nanos(Price), idempotencyKey: "from-b-small");
            Assert.Equal(4, small.Sequence);
            var ledger = await viaB.ListLedgerAsync("split").ToListAsync();
            Assert.Equal(["open", "fund", "from-a", "from-b-small"], ledger.Select(t => t.IdempotencyKey)); // the fenced write never landed
            Assert.Equal(0, (await viaB.GetWalletAsync("split")).Balances.Single().Total);
        }
        finally
        {
            await a.StopAsync();
            await b.StopAsync();
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }
}
