using Waterfall.Api.V1;
using Waterfall.Testing;

namespace Integrator.Tests;

/// <summary>
/// What an integrator writes: their billing code against a real front door and in-memory cluster,
/// one per test class, with no server to run.
/// </summary>
public sealed class AgentBillingTests(WaterfallClusterFixture waterfall) : IClassFixture<WaterfallClusterFixture>
{
    private readonly AgentBilling _billing = new(waterfall.Sdk);

    [Fact]
    public async Task A_finished_call_is_charged_to_the_agents_wallet_at_the_catalog_price()
    {
        await _billing.OnboardAsync("agent-charged", waterfall.Clock.GetUtcNow());
        var quote = await waterfall.Sdk.QuoteAsync(new LlmUsage { Model = "gpt-4o", InputTokens = 1200, OutputTokens = 300 });

        var outcome = await _billing.ChargeAsync("agent-charged", "call-1", "gpt-4o", 1200, 300);

        Assert.True(outcome.Charged);
        Assert.Equal(quote.CostNanos, outcome.CostNanos);
        Assert.True(outcome.CostNanos > 0);
        Assert.Equal(1_000_000_000 - quote.CostNanos, await _billing.RemainingAsync("agent-charged"));
    }

    [Fact]
    public async Task A_call_retried_with_the_same_call_id_is_charged_once()
    {
        await _billing.OnboardAsync("agent-retried", waterfall.Clock.GetUtcNow());

        var first = await _billing.ChargeAsync("agent-retried", "call-7", "gpt-4o-mini", 5000, 800);
        var retry = await _billing.ChargeAsync("agent-retried", "call-7", "gpt-4o-mini", 5000, 800);

        Assert.Equal(first, retry);
        Assert.Equal(1_000_000_000 - first.CostNanos, await _billing.RemainingAsync("agent-retried"));
    }

    [Fact]
    public async Task An_agent_that_cannot_pay_is_told_to_stop_and_is_charged_nothing()
    {
        await _billing.OnboardAsync("agent-broke", waterfall.Clock.GetUtcNow());

        // A million output tokens of gpt-4o cost far more than the USD 1 trial.
        var outcome = await _billing.ChargeAsync("agent-broke", "call-huge", "gpt-4o", 1_000_000, 1_000_000);

        Assert.False(outcome.Charged);
        Assert.Equal(1_000_000_000, await _billing.RemainingAsync("agent-broke"));
    }
}
