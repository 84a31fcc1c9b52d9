using Waterfall.Contracts.Settlement;
using Waterfall.Testing;

namespace Waterfall.Grains.Tests;

public class SettlementConfirmationTests
{
    [Fact]
    public async Task A_settlement_counts_only_once_its_transaction_has_the_configured_confirmations()
    {
        var chain = new SimulatedSettlementChain { BlocksAfterMining = 0 };
        await using var cluster = await WaterfallTestCluster.StartAsync(o =>
        {
            o.SettlementChain = chain;
            o.Settlement = s =>
            {
                s.Confirmations = 3;
                s.BatchWindow = TimeSpan.Zero;
                s.PollInterval = TimeSpan.FromMilliseconds(20);
            };
        });
        var walletId = Commands.NewWalletId();
        await cluster.Wallet("acme", walletId).Open(Commands.Open());
        const string payTo = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
        var settlement = cluster.Client.GetGrain<ISettlementGrain>(SettlementGrainKey.For("eip155:31337", "0x5fbdb2315678afecb367f032d93f642f64180aa3", payTo));
        var nonce = "0x" + new string('7', 64);

        await settlement.Submit(new SettlementRequest("acme", walletId, "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", payTo, 10_000, 0, 4_102_444_800, nonce, "0x" + new string('1', 130)));
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
        await using var cluster = await WaterfallTestCluster.StartAsync(o =>
        {
            o.SettlementChain = chain;
            o.Settlement = s =>
            {
                s.BatchWindow = TimeSpan.Zero;
                s.PollInterval = TimeSpan.FromMilliseconds(20);
            };
        });
        var walletId = Commands.NewWalletId();
        await cluster.Wallet("acme", walletId).Open(Commands.Open());
        const string payTo = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
        var settlement = cluster.Client.GetGrain<ISettlementGrain>(SettlementGrainKey.For("eip155:31337", "0x5fbdb2315678afecb367f032d93f642f64180aa3", payTo));
        var nonce = "0x" + new string('8', 64);

        await settlement.Submit(new SettlementRequest("acme", walletId, "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", payTo, 10_000, 0, 4_102_444_800, nonce, "0x" + new string('1', 130)));
        var outcome = await settlement.WaitForOutcome(nonce, TimeSpan.FromSeconds(10));

        Assert.Equal(SettlementState.Settled, outcome!.State);
        Assert.Single(chain.Sent);
    }
}
