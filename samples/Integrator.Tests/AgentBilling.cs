using Waterfall.Api.V1;
using Waterfall.Client;

namespace Integrator.Tests;

/// <summary>
/// The integrator's own code under test — in a real product it lives in the application, not in the
/// test project: it gives each new agent a trial, charges the agent's wallet for every finished LLM
/// call, and tells the agent loop whether it may go on. It only knows Waterfall through the SDK.
/// </summary>
public sealed class AgentBilling(WaterfallClient waterfall)
{
    public static readonly TimeSpan TrialLength = TimeSpan.FromDays(14);

    /// <summary>A wallet for the agent with USD 1 of promotional credit that lapses after <see cref="TrialLength"/>.</summary>
    public async Task OnboardAsync(string agentId, DateTimeOffset now)
    {
        await waterfall.CreateWalletAsync(agentId, idempotencyKey: $"onboard-{agentId}");
        await waterfall.GrantCreditsAsync(agentId, Amounts.Usd(1m), kind: "promotional", expiresAt: now + TrialLength, idempotencyKey: $"trial-{agentId}");
    }

    /// <summary>Charges one finished call; the call id makes a retry of the same call free.</summary>
    public async Task<ChargeOutcome> ChargeAsync(string agentId, string callId, string model, long inputTokens, long outputTokens)
    {
        try
        {
            var debit = await waterfall.DebitAsync(agentId, new LlmUsage { Model = model, InputTokens = inputTokens, OutputTokens = outputTokens }, idempotencyKey: callId);
            return new ChargeOutcome(true, debit.Coverage.MoneyCost);
        }
        catch (WaterfallException refused) when (refused.Reason == "INSUFFICIENT_FUNDS")
        {
            return new ChargeOutcome(false, 0);
        }
    }

    /// <summary>What the agent has left to spend, in nano-dollars.</summary>
    public async Task<long> RemainingAsync(string agentId) =>
        (await waterfall.GetWalletAsync(agentId)).Balances.Where(b => b.Unit == "usd").Sum(b => b.Available);
}

/// <param name="Charged">False when the wallet could not pay: the agent must stop until it is topped up.</param>
/// <param name="CostNanos">What the call cost, in nano-dollars.</param>
public sealed record ChargeOutcome(bool Charged, long CostNanos);
