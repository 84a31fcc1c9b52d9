using CsCheck;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

/// <summary>Growing a hold in steps is the same as one hold of the whole amount, and each step happens once per key.</summary>
public class GrowHoldProperties
{
    private static readonly Gen<(long[] Grants, long First, long[] Steps, bool[] Retries)> Streams =
        Gen.Select(Gen.Long[1, 5_000].Array[1, 4], Gen.Long[1, 2_000], Gen.Long[1, 2_000].Array[1, 12], Gen.Bool.Array[12],
            (g, f, s, r) => (g, f, s, r));

    [Fact]
    public void A_hold_grown_in_steps_reserves_what_one_hold_of_the_sum_would_and_retried_steps_count_once()
    {
        Streams.Sample(stream =>
        {
            var kit = new WalletTestKit();
            var kinds = new[] { GrantKind.Promotional, GrantKind.Bonus, GrantKind.Purchased };
            for (var i = 0; i < stream.Grants.Length; i++) kit.Grant(kinds[i % kinds.Length], stream.Grants[i]);
            var total = stream.Grants.Sum();
            var hold = kit.Authorize(Math.Min(stream.First, total)).Receipt!;

            long reserved = hold.Reserved.MoneyCost;
            for (var i = 0; i < stream.Steps.Length; i++)
            {
                var key = $"step-{i}";
                var step = kit.Grow(hold.Hold, stream.Steps[i], key: key);
                if (stream.Retries[i])
                {
                    var again = kit.Grow(hold.Hold, stream.Steps[i], key: key);
                    Assert.Equal(step.Receipt, again.Receipt);
                    Assert.Equal(step.Refusal?.Reason, again.Refusal?.Reason);
                    Assert.Empty(again.Events);
                }
                if (step.IsAccepted) reserved += stream.Steps[i];
                else Assert.True(reserved + stream.Steps[i] > total, "growth refused while the grants could cover it");
                Assert.Equal(reserved, kit.Wallet.TotalHeld(CreditUnit.Usd));
                Assert.Equal(reserved, kit.Wallet.FindHold(hold.Hold)!.Reserved.MoneyCost);
            }

            // The grown hold holds exactly what one hold of the whole amount would, grant by grant, in burn order.
            var single = new WalletTestKit();
            for (var i = 0; i < stream.Grants.Length; i++) single.Grant(kinds[i % kinds.Length], stream.Grants[i]);
            var whole = single.Authorize(reserved).Receipt!;
            Assert.Equal(whole.Reserved.Draws, kit.Wallet.FindHold(hold.Hold)!.Reserved.Draws);

            // And a capture of all of it burns every reserved draw.
            var capture = kit.Capture(hold.Hold, WalletTestKit.UsdCharge(reserved)).Receipt!;
            Assert.Empty(capture.Released);
            Assert.Equal(total - reserved, kit.Wallet.TotalRemaining(CreditUnit.Usd));
            Assert.All(kit.Ledger, t => Assert.True(t.IsBalanced));
        }, iter: 300);
    }
}
