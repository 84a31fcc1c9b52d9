using Grpc.Core;
using Waterfall.Api.V1;
using Waterfall.Client;

namespace Waterfall.FrontDoor.Tests;

/// <summary>A streamed call's hold grows over gRPC as its output arrives.</summary>
public class GrowHoldApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static LlmUsage Gpt4o(long input, long output) => new() { Model = "gpt-4o", InputTokens = input, OutputTokens = output };

    private async Task<(WaterfallClient Client, string WalletId)> FundedWallet(decimal usd)
    {
        var client = silo.Client();
        var walletId = $"w-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(walletId, Amounts.Usd(usd));
        return (client, walletId);
    }

    [Fact]
    public async Task A_hold_grows_by_the_rated_cost_of_more_output_and_the_capture_settles_from_all_of_it()
    {
        var (client, walletId) = await FundedWallet(1m);
        using var _ = client;
        // First slice: 1,000 in + 256 out = 0.0025 + 0.00256 = USD 0.00506.
        var hold = await client.AuthorizeAsync(walletId, Gpt4o(1_000, 256), TimeSpan.FromMinutes(1), idempotencyKey: "req-1");

        // The next 512 output tokens: 0.00512.
        var grown = await client.GrowHoldAsync(walletId, hold.HoldId, Gpt4o(0, 512), TimeSpan.FromMinutes(5), idempotencyKey: "req-1.grow-1");
        var again = await client.GrowHoldAsync(walletId, hold.HoldId, Gpt4o(0, 512), TimeSpan.FromMinutes(5), idempotencyKey: "req-1.grow-1");
        var during = (await client.GetWalletAsync(walletId)).Balances.Single();
        // Actual: 1,000 in + 700 out = 0.0025 + 0.007 = USD 0.0095.
        var capture = await client.CaptureAsync(walletId, hold.HoldId, Gpt4o(1_000, 700), idempotencyKey: "req-1");

        Assert.Equal(hold.HoldId, grown.HoldId);
        Assert.Equal(5_120_000, grown.Added.MoneyCost);
        Assert.Equal(10_180_000, grown.Reserved.MoneyCost);
        Assert.Equal("0.00512", grown.Rated.ExactCostUsd);
        Assert.True(grown.ExpiresAt.ToDateTimeOffset() > hold.ExpiresAt.ToDateTimeOffset());
        Assert.False(grown.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(grown.Sequence, again.Sequence);
        Assert.Equal(10_180_000, during.Held);
        Assert.Equal(9_500_000, capture.Captured.MoneyCost);
        Assert.Equal(680_000, capture.Released.Sum(d => d.Amount.Value));
        Assert.Equal(1_000_000_000 - 9_500_000, (await client.GetWalletAsync(walletId)).Balances.Single().Total);
    }

    [Fact]
    public async Task Growth_the_wallet_cannot_cover_is_refused_with_insufficient_funds_and_changes_nothing()
    {
        var (client, walletId) = await FundedWallet(0.01m);
        using var _ = client;
        var hold = await client.AuthorizeAsync(walletId, Amounts.Usd(0.008m), idempotencyKey: "req-2");
        var sequence = (await client.GetWalletAsync(walletId)).Sequence;

        var error = await Assert.ThrowsAsync<WaterfallException>(() =>
            client.GrowHoldAsync(walletId, hold.HoldId, Amounts.Usd(0.003m), idempotencyKey: "req-2.grow-1"));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("INSUFFICIENT_FUNDS", error.Reason);
        Assert.Equal("1000000", error.Metadata["shortfall"]);
        Assert.Equal("PREPAID", error.Metadata["billing_mode"]);
        var wallet = await client.GetWalletAsync(walletId);
        Assert.Equal(sequence, wallet.Sequence);
        Assert.Equal(8_000_000, wallet.Balances.Single().Held);
    }

    [Fact]
    public async Task Malformed_growth_is_refused_with_field_violations()
    {
        var (client, walletId) = await FundedWallet(1m);
        using var _ = client;
        var hold = await client.AuthorizeAsync(walletId, Gpt4o(100, 100), idempotencyKey: "req-3");

        var badTtl = await Assert.ThrowsAsync<WaterfallException>(() =>
            client.GrowHoldAsync(walletId, hold.HoldId, Gpt4o(0, 10), TimeSpan.FromDays(8)));
        var noCharge = await Assert.ThrowsAsync<WaterfallException>(() =>
            client.GrowHoldAsync(new GrowHoldRequest { WalletId = walletId, HoldId = hold.HoldId, IdempotencyKey = "req-3.grow-1" }));
        var otherModel = await Assert.ThrowsAsync<WaterfallException>(() =>
            client.GrowHoldAsync(walletId, hold.HoldId, new LlmUsage { Model = "gpt-4o-mini", OutputTokens = 10 }));
        var unknownHold = await Assert.ThrowsAsync<WaterfallException>(() =>
            client.GrowHoldAsync(walletId, "h999", Gpt4o(0, 10)));

        Assert.Contains(badTtl.FieldViolations, v => v.Field == "ttl_seconds");
        Assert.Contains(noCharge.FieldViolations, v => v.Field == "additional");
        Assert.Equal("INVALID_ARGUMENT", otherModel.Reason);
        Assert.Contains(otherModel.FieldViolations, v => v.Field == "additional.model");
        Assert.Equal(StatusCode.NotFound, unknownHold.StatusCode);
        Assert.Equal("HOLD_NOT_FOUND", unknownHold.Reason);
    }
}
