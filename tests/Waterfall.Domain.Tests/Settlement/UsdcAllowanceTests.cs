using Waterfall.Domain.Refills;

namespace Waterfall.Domain.Tests.Settlement;

public class UsdcAllowanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private const string Spender = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    private static UsdcAllowance Allowance(long cap = 50_000_000, long? deadline = null) => new(
        "eip155:8453", "0x90F79bf6EB2c4f870365E785982E1f101E93b906", Spender, cap, deadline ?? Now.AddDays(1).ToUnixTimeSeconds(),
        "0x" + new string('a', 128) + "1b");

    [Fact]
    public void A_permit_for_this_services_spender_before_its_deadline_is_valid()
    {
        Assert.Empty(Allowance().Violations(Spender.ToLowerInvariant(), Now));
    }

    [Fact]
    public void A_permit_for_another_spender_past_its_deadline_or_with_a_bad_signature_is_refused_field_by_field()
    {
        var bad = Allowance(cap: 0, deadline: Now.ToUnixTimeSeconds()) with { Signature = "0x12" };

        var fields = bad.Violations("0x0000000000000000000000000000000000000001", Now).Select(v => v.Field).ToList();

        Assert.Equal(["rule.allowance.spender", "rule.allowance.cap", "rule.allowance.deadline", "rule.allowance.signature"], fields);
    }

    [Fact]
    public void A_pull_takes_what_the_refill_wants_in_whole_USDC_units_and_never_more_than_the_cap_has_left()
    {
        var allowance = Allowance(cap: 30_000_000);

        Assert.Equal(20_000_000, allowance.PullFor(20_000_000_999, Now));
        var after = allowance.Pull(20_000_000);
        Assert.Equal(10_000_000, after.PullFor(20_000_000_000, Now));
        Assert.Equal(10_000_000_000, after.LeftNanos);
        Assert.Equal(0, after.Pull(10_000_000).PullFor(1_000_000_000, Now));
        Assert.Throws<InvalidOperationException>(() => after.Pull(10_000_001));
    }

    [Fact]
    public void A_reversed_pull_gives_its_units_back_to_the_cap()
    {
        var pulled = Allowance(cap: 30_000_000).Pull(20_000_000);

        Assert.Equal(30_000_000, pulled.Reversed(20_000_000).PullFor(40_000_000_000, Now));
    }

    [Fact]
    public void A_permit_never_submitted_cannot_be_pulled_on_after_its_deadline_but_a_submitted_one_can()
    {
        var expired = Allowance(deadline: Now.AddMinutes(-1).ToUnixTimeSeconds());

        Assert.Equal(0, expired.PullFor(1_000_000_000, Now));
        Assert.Equal(1_000_000, expired.Submitted().PullFor(1_000_000_000, Now));
    }

    [Fact]
    public void Each_refill_pull_has_its_own_idempotency_key()
    {
        Assert.Equal("allowance-pull:7:1", UsdcAllowance.PullKey(7, 1));
        Assert.NotEqual(UsdcAllowance.PullKey(7, 1), UsdcAllowance.PullKey(7, 2));
    }
}
