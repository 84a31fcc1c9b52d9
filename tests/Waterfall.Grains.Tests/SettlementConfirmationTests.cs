using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;
using Waterfall.TestSupport;
using Waterfall.Testing;

namespace Waterfall.Grains.Tests;

/// <summary>Alone: the queue-depth gauge is process-wide, so no other settlement may run beside these tests.</summary>
[CollectionDefinition(nameof(SettlementConfirmationTests), DisableParallelization = true)]
public sealed class SettlementAloneCollection;

[Collection(nameof(SettlementConfirmationTests))]
public class SettlementConfirmationTests
{
    private const string PayTo = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    /// <summary>A cluster on <paramref name="chain"/>, one open wallet, and the settlement grain that pays <see cref="PayTo"/>.</summary>
    private static async Task<(WaterfallTestCluster Cluster, ISettlementGrain Settlement, string WalletId)> StartAsync(SimulatedSettlementChain chain, int? confirmations = null)
    {
        var cluster = await WaterfallTestCluster.StartAsync(o =>
        {
            o.SettlementChain = chain;
            o.Settlement = s =>
            {
                if (confirmations is { } c) s.Confirmations = c;
                s.BatchWindow = TimeSpan.Zero;
                s.PollInterval = TimeSpan.FromMilliseconds(20);
            };
        });
        var walletId = Commands.NewWalletId();
        await cluster.Wallet("acme", walletId).Open(Commands.Open());
        var settlement = cluster.Client.GetGrain<ISettlementGrain>(SettlementGrainKey.For("eip155:31337", "0x5fbdb2315678afecb367f032d93f642f64180aa3", PayTo));
        return (cluster, settlement, walletId);
    }

    private static Task Submit(ISettlementGrain settlement, string walletId, string nonce) =>
        settlement.Submit(new SettlementRequest("acme", walletId, "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", PayTo, 10_000, 0, 4_102_444_800, nonce, "0x" + new string('1', 130)));

    [Fact]
    public async Task A_settlement_counts_only_once_its_transaction_has_the_configured_confirmations()
    {
        var chain = new SimulatedSettlementChain { BlocksAfterMining = 0 };
        var (cluster, settlement, walletId) = await StartAsync(chain, confirmations: 3);
        await using var _ = cluster;
        var nonce = "0x" + new string('7', 64);

        await Submit(settlement, walletId, nonce);
        for (var i = 0; i < 100 && !chain.Mined.Any(); i++) await Task.Delay(20);
        Assert.Single(chain.Mined);

        var justMined = await settlement.WaitForOutcome(nonce, TimeSpan.FromMilliseconds(300));
        chain.MineBlocks(1);
        var twoDeep = await settlement.WaitForOutcome(nonce, TimeSpan.FromMilliseconds(300));
        chain.MineBlocks(1);
        var threeDeep = await settlement.WaitForOutcome(nonce, TimeSpan.FromSeconds(5));

        Assert.Equal(SettlementState.Submitted, justMined!.State);
        Assert.Equal(SettlementState.Submitted, twoDeep!.State);
        Assert.Equal(SettlementState.Settled, threeDeep!.State);
    }

    [Fact]
    public async Task A_batch_mined_between_its_receipt_query_and_its_nonce_query_settles_once_and_is_not_sent_again()
    {
        var chain = new SimulatedSettlementChain { AutoMine = false, MineOnNonceQuery = true };
        var (cluster, settlement, walletId) = await StartAsync(chain);
        await using var _ = cluster;
        var nonce = "0x" + new string('8', 64);

        await Submit(settlement, walletId, nonce);
        var outcome = await settlement.WaitForOutcome(nonce, TimeSpan.FromSeconds(10));

        Assert.Equal(SettlementState.Settled, outcome!.State);
        Assert.Single(chain.Sent);
    }

    [Fact]
    public async Task The_settlement_queue_depth_gauge_counts_a_payment_authorization_until_it_settles()
    {
        var deltas = new ConcurrentQueue<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GrainMetrics.MeterName && instrument.Name == "waterfall.settlement.queue.depth") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, delta, _, _) => deltas.Enqueue(delta));
        listener.Start();
        var (cluster, settlement, walletId) = await StartAsync(new SimulatedSettlementChain { BlocksAfterMining = 0 });
        await using var _ = cluster;
        var nonce = "0x" + new string('9', 64);

        await Submit(settlement, walletId, nonce);
        var outcome = await settlement.WaitForOutcome(nonce, TimeSpan.FromSeconds(10));

        Assert.Equal(SettlementState.Settled, outcome!.State);
        Assert.Contains(deltas, d => d > 0); // queued
        // The outcome is announced before the state that drops it from the queue is written: wait for that write.
        await Eventually.UntilAsync(() => deltas.Sum() == 0, "the settled authorization left the gauge", TimeSpan.FromSeconds(10));
    }
}
