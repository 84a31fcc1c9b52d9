using System.Security.Cryptography;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Refills;
using Waterfall.Domain.Settlement;

namespace Waterfall.Grains.Tests;

/// <summary>A refill's pull through the settlement grain on the simulated chain: permit then transferFrom, once per pull key.</summary>
[Collection("settlement")]
public class SettlementPullTests(SettlementFixture waterfall)
{
    private const string Network = "eip155:31337";
    private const string Asset = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

    private static string NewAddress() => "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    [Fact]
    public async Task A_pull_submitted_twice_is_one_pull_sent_as_its_permit_and_then_one_transferFrom()
    {
        var payTo = NewAddress();
        var settlement = waterfall.Client.GetGrain<ISettlementGrain>(SettlementGrainKey.For(Network, Asset, payTo));
        var pull = new AllowancePull("acme", $"w-{Guid.NewGuid():N}", "g5", UsdcAllowance.PullKey(3, 1), NewAddress(), payTo, 5_000_000, 50_000_000,
            4_102_444_800, "0x" + new string('a', 128) + "1b");
        var id = SettlementQueue.PullId(pull);

        var first = await settlement.SubmitPull(pull);
        var again = await settlement.SubmitPull(pull);
        SettlementStatus? status = null;
        for (var i = 0; i < 40 && status?.State is not (SettlementState.Settled or SettlementState.Failed); i++)
        {
            status = await settlement.WaitForOutcome(id, TimeSpan.FromMilliseconds(250));
            waterfall.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var retried = await settlement.SubmitPull(pull);

        Assert.Null(first.Refusal);
        Assert.True(again.Replayed);
        Assert.Equal(SettlementState.Settled, status!.State);
        Assert.True(retried.Replayed);
        Assert.Equal(SettlementState.Settled, retried.Status!.State);
        // Two transactions carried this pull: its permit, then its transferFrom; a retry sent nothing more.
        Assert.Equal(2, waterfall.Chain.Sent.Count(t => t.Nonces.Contains(id)));
    }
}
