using Grpc.Core;
using Waterfall.Api.V1;
using Waterfall.Client;

namespace Waterfall.FrontDoor.Tests;

public class WalletApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static string NewWallet() => $"w-{Guid.NewGuid():N}";

    private static LlmUsage Gpt4o(long input, long output) => new() { Model = "gpt-4o", InputTokens = input, OutputTokens = output };

    [Fact]
    public async Task Create_grant_and_debit_by_usage_charges_the_rated_cost_exactly()
    {
        using var client = silo.Client();
        var walletId = NewWallet();
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(walletId, Amounts.Usd(1m));

        // gpt-4o: 1,200 input x 0.0000025 + 300 output x 0.00001 = 0.003 + 0.003 = USD 0.006.
        var debit = await client.DebitAsync(walletId, Gpt4o(1_200, 300), idempotencyKey: "call-1");

        Assert.Equal(6_000_000, debit.Coverage.MoneyCost);
        Assert.Equal("0.006", debit.Coverage.ExactCostUsd);
        Assert.Equal("0.006", debit.Rated.ExactCostUsd);
        Assert.Equal(["input", "output"], debit.Rated.Lines.Select(l => l.Component));
        Assert.Equal(1_000_000_000 - 6_000_000, debit.AvailableAfter.Single(a => a.Unit == "usd").Value);
        var wallet = await client.GetWalletAsync(walletId);
        Assert.Equal(994_000_000, wallet.Balances.Single(b => b.Unit == "usd").Total);
    }

    [Fact]
    public async Task A_repeated_debit_with_the_same_key_is_answered_once_and_charged_once()
    {
        using var client = silo.Client();
        var walletId = NewWallet();
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(walletId, Amounts.Usd(1m));

        var first = await client.DebitAsync(walletId, Gpt4o(1_000, 100), idempotencyKey: "agent-call-9");
        var again = await client.DebitAsync(walletId, Gpt4o(1_000, 100), idempotencyKey: "agent-call-9");

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.Sequence, again.Sequence);
        Assert.Equal(1_000_000_000 - first.Coverage.MoneyCost, (await client.GetWalletAsync(walletId)).Balances.Single().Total);
    }

    [Fact]
    public async Task Authorize_then_capture_less_charges_the_actual_and_releases_the_rest()
    {
        using var client = silo.Client();
        var walletId = NewWallet();
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(walletId, Amounts.Usd(1m));

        // Worst case: 1,000 in + 4,000 out = 0.0025 + 0.04 = USD 0.0425.
        var hold = await client.AuthorizeAsync(walletId, Gpt4o(1_000, 4_000), TimeSpan.FromMinutes(2), idempotencyKey: "req-1");
        var during = (await client.GetWalletAsync(walletId)).Balances.Single();
        // Actual: 1,000 in + 250 out = 0.0025 + 0.0025 = USD 0.005.
        var capture = await client.CaptureAsync(walletId, hold.HoldId, Gpt4o(1_000, 250), idempotencyKey: "req-1");
        var after = await client.GetWalletAsync(walletId);

        Assert.Equal(42_500_000, hold.Reserved.MoneyCost);
        Assert.Equal((1_000_000_000L, 42_500_000L, 957_500_000L), (during.Total, during.Held, during.Available));
        Assert.Equal(5_000_000, capture.Captured.MoneyCost);
        Assert.Equal(37_500_000, capture.Released.Sum(d => d.Amount.Value));
        var balance = after.Balances.Single();
        Assert.Equal((995_000_000L, 0L, 995_000_000L), (balance.Total, balance.Held, balance.Available));
        Assert.Empty(after.Holds);
    }

    [Fact]
    public async Task A_voided_hold_releases_everything()
    {
        using var client = silo.Client();
        var walletId = NewWallet();
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(walletId, Amounts.Usd(1m));
        var hold = await client.AuthorizeAsync(walletId, Amounts.Usd(0.3m));

        var voided = await client.VoidAsync(walletId, hold.HoldId);

        Assert.Equal(300_000_000, voided.Released.Sum(d => d.Amount.Value));
        Assert.Equal(1_000_000_000, (await client.GetWalletAsync(walletId)).Balances.Single().Available);
    }

    [Fact]
    public async Task The_ledger_pages_through_every_balanced_transaction_with_its_attribution()
    {
        using var client = silo.Client();
        var walletId = NewWallet();
        await client.CreateWalletAsync(walletId, customerId: "cust-1");
        await client.GrantCreditsAsync(walletId, Amounts.Usd(1m));
        for (var i = 0; i < 5; i++)
            await client.DebitAsync(walletId, Gpt4o(100, 10), attribution: new Attribution { AgentId = "agent-7", RequestId = $"r{i}" });

        var transactions = await client.ListLedgerAsync(walletId, pageSize: 2).ToListAsync();

        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], transactions.Select(t => t.Sequence));
        Assert.All(transactions, t => Assert.All(t.Postings.GroupBy(p => p.Amount.Unit), g => Assert.Equal(0, g.Sum(p => p.Amount.Value))));
        var debit = transactions[^1];
        Assert.Equal("Debited", debit.Kind);
        Assert.Equal(("agent-7", "r4", "gpt-4o", "openai", 100L, 10L),
            (debit.Attribution.AgentId, debit.Attribution.RequestId, debit.Attribution.Model, debit.Attribution.Provider, debit.Attribution.InputTokens, debit.Attribution.OutputTokens));
        Assert.Contains(debit.Postings, p => p.Account == $"wallet:{walletId}:available" && p.Amount.Value > 0);
        Assert.Contains(debit.Postings, p => p.Account == "revenue" && p.Amount.Value < 0);
    }

    [Fact]
    public async Task Quotes_price_usage_without_charging_and_models_are_listed()
    {
        using var client = silo.Client(SiloFixture.ReadKey);

        var quote = await client.QuoteAsync(new LlmUsage { Model = "claude-sonnet-4-5", InputTokens = 10_000, CacheWrite5MTokens = 2_000, OutputTokens = 1_000 });
        var anthropic = await client.ListModelsAsync("anthropic").ToListAsync();

        // 10,000 x 0.000003 + 2,000 x 0.00000375 + 1,000 x 0.000015 = 0.03 + 0.0075 + 0.015 = 0.0525
        Assert.Equal("0.0525", quote.ExactCostUsd);
        Assert.Equal(52_500_000, quote.CostNanos);
        Assert.Equal(23, anthropic.Count);
        Assert.Contains(anthropic, m => m.Id == "claude-sonnet-4-5" && m.Input == "0.000003");
    }
}
