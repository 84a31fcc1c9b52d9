using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;
using Waterfall.Testing;

namespace Waterfall.Grains.Tests;

/// <summary>The settlement on the simulated chain, with a journal that can fail, to lose a submission's first answer.</summary>
public class RefusedTopUpCreditFixture : SettlementFixture
{
    public FaultyJournal Journal { get; } = new();

    protected override void Configure(WaterfallTestClusterOptions options)
    {
        base.Configure(options);
        options.Journal = Journal;
    }
}

/// <summary>
/// Simulator finding 3 (docs/simulation.md): a payment whose first answer was lost after the settlement stored it but
/// before the wallet was credited is answered "queued" to a resubmit; if the wallet then refuses the credit, the payer
/// must find a final failure with the wallet's reason, not nothing.
/// </summary>
public class RefusedTopUpCreditTests(RefusedTopUpCreditFixture waterfall) : IClassFixture<RefusedTopUpCreditFixture>
{

    [Fact]
    public async Task A_payment_answered_queued_whose_wallet_then_refuses_the_credit_ends_failed_with_the_wallets_reason_and_never_goes_on_chain()
    {
        var payTo = TestHex.New(20);
        var settlement = waterfall.Client.GetGrain<ISettlementGrain>(SettlementGrainKey.For("eip155:31337", "0x5fbdb2315678afecb367f032d93f642f64180aa3", payTo));
        var walletId = $"never-opened-{Guid.NewGuid():N}"[..24];
        var request = new SettlementRequest("acme", walletId, "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", payTo, 10_000, 0, 4_102_444_800, TestHex.New(32), "0x" + new string('1', 130));

        waterfall.Journal.FailLoads = true; // the wallet cannot be reached: the first answer is lost after the authorization is stored
        await Assert.ThrowsAnyAsync<Exception>(() => settlement.Submit(request));
        waterfall.Journal.FailLoads = false;
        var resubmitted = await settlement.Submit(request);
        Assert.True(resubmitted.Replayed);
        Assert.Equal((SettlementState.Queued, null), (resubmitted.Status!.State, resubmitted.Grant));

        var outcome = await Outcome(settlement, request.Nonce);

        Assert.Equal(SettlementState.Failed, outcome.State);
        Assert.Contains("WALLET_NOT_FOUND", outcome.FailureReason);
        Assert.Null(outcome.TransactionHash);
        Assert.Null(outcome.Grant);
        var again = await settlement.Submit(request);
        Assert.True(again.Replayed);
        Assert.Equal(outcome, again.Status);
        Assert.DoesNotContain(waterfall.Chain.Sent, t => t.Nonces.Contains(request.Nonce.ToLowerInvariant()));
        Assert.Equal("WALLET_NOT_FOUND", (await waterfall.Wallet("acme", walletId).Get()).Refusal?.Reason);
    }

    private async Task<SettlementStatus> Outcome(ISettlementGrain settlement, string nonce)
    {
        for (var i = 0; i < 40; i++)
        {
            var status = await settlement.WaitForOutcome(nonce, TimeSpan.FromMilliseconds(250));
            if (status?.State is SettlementState.Settled or SettlementState.Failed) return status;
            waterfall.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        return (await settlement.GetStatus(nonce))!;
    }
}
