using CsCheck;
using Waterfall.Api.V1;
using Waterfall.Client;
using Waterfall.FrontDoor.Services;
using static Waterfall.FrontDoor.Tests.Batches.BatchKit;

namespace Waterfall.FrontDoor.Tests.Batches;

/// <summary>WalletService.DebitBatch over gRPC: one result per debit, in order, each decided as if it came alone.</summary>
public class DebitBatchApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task A_batch_answers_accepted_replayed_and_refused_results_in_request_order()
    {
        var wallet = await silo.FundedWalletAsync(1_000_000);
        using var client = silo.Client(SiloFixture.MeterKey);

        var results = await client.DebitBatchAsync(
        [
            Debit(wallet, "a1", 400_000),
            Debit(wallet, "a1", 400_000),
            Usage(wallet, "model", "no-such-model", 10, 10),
            Debit("", "no-wallet-id", 1_000),
            Debit($"w-{Guid.NewGuid():N}", "nowhere", 1_000),
            Debit(wallet, "too-much", 700_000),
            Debit(wallet, "a2", 600_000),
        ]);

        Assert.Equal(
            ["accepted", "replayed", "UNKNOWN_MODEL", "INVALID_ARGUMENT", "WALLET_NOT_FOUND", "INSUFFICIENT_FUNDS", "accepted"],
            results.Select(Describe));
        Assert.Equal(results[0].Accepted.Sequence, results[1].Replayed.Sequence);
        Assert.True(results[1].Replayed.Replayed);
        Assert.Equal(results[0].Accepted.Sequence + 1, results[6].Accepted.Sequence);
        Assert.Equal(0, results[6].Accepted.AvailableAfter.Single().Value);
        Assert.Contains(results[3].Refused.FieldViolations, v => v.Field == "wallet_id");
        Assert.False(string.IsNullOrEmpty(results[5].Refused.Message));
        Assert.Equal(0, await silo.UsdTotalAsync(wallet));
    }

    [Fact]
    public async Task A_usage_debit_in_a_batch_is_rated_exactly_like_a_single_debit()
    {
        var wallet = await silo.FundedWalletAsync(1_000_000_000);
        using var client = silo.Client(SiloFixture.MeterKey);

        var result = Assert.Single(await client.DebitBatchAsync([Usage(wallet, "call-1", "gpt-4o", 1_200, 300)]));

        // gpt-4o: 1,200 input x 0.0000025 + 300 output x 0.00001 = USD 0.006.
        Assert.Equal(6_000_000, result.Accepted.Coverage.MoneyCost);
        Assert.Equal("0.006", result.Accepted.Rated.ExactCostUsd);
    }

    [Fact]
    public async Task A_replayed_batch_answers_the_same_results_and_charges_nothing_more()
    {
        var wallet = await silo.FundedWalletAsync(1_000);
        var other = await silo.FundedWalletAsync(1_000);
        using var client = silo.Client(SiloFixture.MeterKey);
        DebitRequest[] batch() => [Debit(wallet, "x", 300), Debit(other, "y", 500), Debit(wallet, "z", 900), Debit(other, "w", 500)];

        var first = await client.DebitBatchAsync(batch());
        var again = await client.DebitBatchAsync(batch());

        Assert.Equal(["accepted", "accepted", "INSUFFICIENT_FUNDS", "accepted"], first.Select(Describe));
        Assert.Equal(["replayed", "replayed", "INSUFFICIENT_FUNDS", "replayed"], again.Select(Describe));
        foreach (var i in new[] { 0, 1, 3 })
        {
            Assert.Equal(first[i].Accepted.Sequence, again[i].Replayed.Sequence);
            Assert.Equal(first[i].Accepted.Coverage, again[i].Replayed.Coverage);
        }
        Assert.Equal((700L, 0L), (await silo.UsdTotalAsync(wallet), await silo.UsdTotalAsync(other)));
    }

    [Fact]
    public async Task A_key_reused_with_other_content_is_refused_and_the_other_debits_go_through()
    {
        var wallet = await silo.FundedWalletAsync(10_000);
        using var client = silo.Client(SiloFixture.MeterKey);
        await client.DebitAsync(wallet, Amounts.Nanos(100), idempotencyKey: "used");

        var results = await client.DebitBatchAsync([Debit(wallet, "fresh-1", 200), Debit(wallet, "used", 999), Debit(wallet, "fresh-2", 300)]);

        Assert.Equal(["accepted", "IDEMPOTENCY_KEY_REUSED", "accepted"], results.Select(Describe));
        Assert.Equal(10_000 - 100 - 200 - 300, await silo.UsdTotalAsync(wallet));
    }

    [Fact]
    public async Task One_wallets_insufficient_funds_does_not_touch_another_wallets_debits()
    {
        var poor = await silo.FundedWalletAsync(250);
        var rich = await silo.FundedWalletAsync(1_000_000);
        using var client = silo.Client(SiloFixture.MeterKey);

        var results = await client.DebitBatchAsync([.. Enumerable.Range(0, 10).SelectMany(i => new[] { Debit(poor, $"p{i}", 100), Debit(rich, $"r{i}", 100) })]);

        Assert.Equal(["accepted", "INSUFFICIENT_FUNDS"], results.Where((_, i) => i % 2 == 0).Select(Describe).Distinct());
        Assert.Equal(2, results.Where((_, i) => i % 2 == 0).Count(r => r.ResultCase == DebitBatchResult.ResultOneofCase.Accepted));
        Assert.All(results.Where((_, i) => i % 2 == 1), r => Assert.Equal("accepted", Describe(r)));
        Assert.Equal(Enumerable.Range(3, 10).Select(s => (long)s), results.Where((_, i) => i % 2 == 1).Select(r => r.Accepted.Sequence));
        Assert.Equal((50L, 1_000_000L - 1_000), (await silo.UsdTotalAsync(poor), await silo.UsdTotalAsync(rich)));
    }

    [Fact]
    public async Task A_batch_over_the_limit_is_refused_whole_with_BATCH_TOO_LARGE_and_debits_nothing()
    {
        var wallet = await silo.FundedWalletAsync(1_000_000);
        using var client = silo.Client(SiloFixture.MeterKey);

        var error = await Assert.ThrowsAsync<WaterfallException>(() =>
            client.DebitBatchAsync([.. Enumerable.Range(0, DebitBatches.MaxDebits + 1).Select(i => Debit(wallet, $"d{i}", 1))]));

        Assert.Equal("BATCH_TOO_LARGE", error.Reason);
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("1000", error.Metadata["max_debits"]);
        Assert.Equal(1_000_000, await silo.UsdTotalAsync(wallet));
    }

    [Fact]
    public async Task A_batch_needs_a_meter_key()
    {
        var wallet = await silo.FundedWalletAsync(1_000);
        using var reader = silo.Client(SiloFixture.ReadKey);

        var error = await Assert.ThrowsAsync<WaterfallException>(() => reader.DebitBatchAsync([Debit(wallet, "k", 1)]));

        Assert.Equal("PERMISSION_DENIED", error.Reason);
        Assert.Equal(1_000, await silo.UsdTotalAsync(wallet));
    }

    [Fact]
    public async Task A_batch_ends_where_the_same_debits_one_by_one_end()
    {
        // Debits over three wallets with few keys, so batches repeat keys (replays) and reuse them with other amounts.
        var debit = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 5], Gen.Int[1, 400]);
        await debit.Array[1, 24].SampleAsync(async items =>
        {
            var batched = new string[3];
            var single = new string[3];
            for (var w = 0; w < 3; w++)
            {
                batched[w] = await silo.FundedWalletAsync(1_000);
                single[w] = await silo.FundedWalletAsync(1_000);
            }
            using var client = silo.Client(SiloFixture.MeterKey);

            var results = await client.DebitBatchAsync([.. items.Select(d => Debit(batched[d.Item1], $"k{d.Item2}", d.Item3))]);
            var oneByOne = new List<string>();
            foreach (var (w, key, nanos) in items)
            {
                try
                {
                    var answer = await client.DebitAsync(single[w], Amounts.Nanos(nanos), idempotencyKey: $"k{key}");
                    oneByOne.Add($"{(answer.Replayed ? "replayed" : "accepted")} {answer.Sequence} {answer.Coverage.MoneyCost}");
                }
                catch (WaterfallException ex)
                {
                    oneByOne.Add(ex.Reason);
                }
            }

            Assert.Equal(oneByOne, results.Select(r => r.ResultCase switch
            {
                DebitBatchResult.ResultOneofCase.Accepted => $"accepted {r.Accepted.Sequence} {r.Accepted.Coverage.MoneyCost}",
                DebitBatchResult.ResultOneofCase.Replayed => $"replayed {r.Replayed.Sequence} {r.Replayed.Coverage.MoneyCost}",
                _ => r.Refused.Reason,
            }));
            for (var w = 0; w < 3; w++)
                Assert.Equal(await silo.UsdTotalAsync(single[w]), await silo.UsdTotalAsync(batched[w]));
        }, iter: 15, threads: 1);
    }

    private static string Describe(DebitBatchResult result) => result.ResultCase switch
    {
        DebitBatchResult.ResultOneofCase.Accepted => "accepted",
        DebitBatchResult.ResultOneofCase.Replayed => "replayed",
        _ => result.Refused.Reason,
    };
}
