using Waterfall.Testing;

namespace Integrator.Tests;

/// <summary>Time passing, on a cluster of the test's own: moving its clock cannot disturb other tests.</summary>
public sealed class TrialExpiryTests
{
    [Fact]
    public async Task Trial_credit_stops_paying_for_calls_once_the_trial_is_over()
    {
        await using var waterfall = await WaterfallTestCluster.StartAsync();
        var billing = new AgentBilling(waterfall.Sdk);
        await billing.OnboardAsync("agent-trial", waterfall.Clock.GetUtcNow());
        Assert.True((await billing.ChargeAsync("agent-trial", "day-1", "gpt-4o-mini", 1000, 100)).Charged);

        waterfall.Clock.Advance(AgentBilling.TrialLength + TimeSpan.FromMinutes(1));

        Assert.False((await billing.ChargeAsync("agent-trial", "day-15", "gpt-4o-mini", 1000, 100)).Charged);
        Assert.Equal(0, await billing.RemainingAsync("agent-trial"));
    }
}
