using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Waterfall.Api.V1;
using Waterfall.ChainTestSupport;
using Waterfall.Client;
using Waterfall.Silo;
using Waterfall.X402;
using Waterfall.TestSupport;

namespace Waterfall.TopUps.Tests;

/// <summary>Top-ups queued when a silo stops settle after the next one starts, from the embedded store.</summary>
public sealed class SettlementRestartTests(LocalChain chain) : IClassFixture<LocalChain>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("waterfall-topup-restart-").FullName;
    private readonly Chain.Primitives.EthAddress _payTo = Waterfall.Chain.Crypto.EthPrivateKey.Generate().Address;

    private async Task<(WebApplication App, GrpcChannel Channel)> StartAsync(TimeSpan batchWindow)
    {
        var grpc = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        var settings = TopUpSilo.SettingsFor(chain, _payTo, grpc, new Uri($"http://127.0.0.1:{TestPorts.Next()}"));
        settings["Waterfall:Store:Kind"] = "embedded";
        settings["Waterfall:Store:Embedded:Path"] = Path.Combine(_directory, "waterfall.db");
        settings["Waterfall:Settlement:BatchWindow"] = batchWindow.ToString();
        var app = SiloHost.Build(["--environment", "Testing"], b => b.Configuration.AddInMemoryCollection(settings));
        await app.StartAsync();
        return (app, GrpcChannel.ForAddress(grpc));
    }

    [Fact]
    public async Task Top_ups_queued_when_the_silo_stops_settle_after_it_restarts()
    {
        var walletId = "restart-wallet";
        var nonces = new List<string>();
        var (first, firstChannel) = await StartAsync(TimeSpan.FromHours(1)); // nothing leaves the queue while this silo runs
        try
        {
            using var client = new WaterfallClient(firstChannel, TopUpSilo.ApiKey);
            await client.CreateWalletAsync(walletId, idempotencyKey: "open");
            var topUps = new TopUpService.TopUpServiceClient(firstChannel);
            for (var i = 1; i <= 3; i++)
            {
                var amount = new Amount { Value = i * 100_000_000L, Unit = "usd" };
                var required = X402Headers.DecodePaymentRequired(
                    (await topUps.GetTopUpRequirementsAsync(new GetTopUpRequirementsRequest { WalletId = walletId, Amount = amount }, TopUpSilo.Auth)).PaymentRequired);
                var signature = X402Headers.EncodePaymentSignature(ExactEvmPayer.CreatePaymentPayload(required.Accepts[0], LocalChain.PayerKeys[i], required.Resource));
                var topUp = await topUps.TopUpAsync(new TopUpRequest { WalletId = walletId, Amount = amount, PaymentSignature = signature, Wait = Duration.FromTimeSpan(TimeSpan.Zero) }, TopUpSilo.Auth);
                Assert.Equal(TopUpState.Queued, topUp.State);
                nonces.Add(topUp.Nonce);
            }
        }
        finally
        {
            firstChannel.Dispose();
            await first.StopAsync();
            await first.DisposeAsync();
        }
        Assert.Equal(0, await chain.BalanceOfAsync(_payTo));

        var (second, secondChannel) = await StartAsync(TimeSpan.FromMilliseconds(200));
        try
        {
            var topUps = new TopUpService.TopUpServiceClient(secondChannel);
            var states = new List<TopUpResponse>();
            foreach (var nonce in nonces)
            {
                TopUpResponse topUp;
                var polls = 0;
                do
                {
                    if (polls++ > 0) await Task.Delay(100);
                    topUp = await topUps.GetTopUpAsync(new GetTopUpRequest { WalletId = walletId, Nonce = nonce }, TopUpSilo.Auth);
                } while (topUp.State != TopUpState.Settled && polls < 300);
                states.Add(topUp);
            }

            Assert.All(states, s => Assert.Equal(TopUpState.Settled, s.State));
            Assert.Single(states.Select(s => s.TransactionHash).Distinct());
            Assert.Equal(600_000, await chain.BalanceOfAsync(_payTo));
            using var client = new WaterfallClient(secondChannel, TopUpSilo.ApiKey);
            Assert.Equal(600_000_000, (await client.GetWalletAsync(walletId)).Balances.Single(b => b.Unit == "usd").Total);
        }
        finally
        {
            secondChannel.Dispose();
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* a file still held open by a closing silo: the OS cleans temp */ }
    }
}
