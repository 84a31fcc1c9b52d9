using CsCheck;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Settlement;

namespace Waterfall.Domain.Tests.Settlement;

/// <summary>The settlement rules without a cluster or a chain: what is queued, batched, retried, settled and failed.</summary>
public class SettlementQueueTests
{
    private const string PayTo = "0x00000000000000000000000000000000000000aa";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SettlementPolicy Policy = SettlementPolicy.Default with { MaxBatchSize = 3, MaxAttempts = 2, BatchWindow = TimeSpan.FromSeconds(1) };

    private static string Nonce(int n) => "0x" + n.ToString("X64");

    private static SettlementRequest Request(int n, long value = 1_000_000) =>
        new("t1", "w1", "0x00000000000000000000000000000000000000b1", PayTo, value, 0, long.MaxValue, Nonce(n), "0xsig");

    private static SignedSettlement Signed(int nonce) => new($"0xtx{nonce}", "0xraw", nonce, "1", "1");

    private static SettlementReceipt Mined(SettlementQueue q, bool succeeded = true, long confirmations = 1, params string[] failing) =>
        new(q.Latest().Hash, succeeded, 7, confirmations,
            q.InFlight!.Items.ToDictionary(i => i.Nonce, i => new AuthorizationOutcome(!failing.Contains(i.Nonce), failing.Contains(i.Nonce) ? "used nonce" : null)));

    [Fact]
    public void An_accepted_authorization_is_found_queued_whatever_the_case_of_its_nonce()
    {
        var q = new SettlementQueue();
        var item = q.Accept(Request(1) with { Nonce = Nonce(1).ToUpperInvariant().Replace("0X", "0x") }, T0);

        Assert.Equal(Nonce(1).ToLowerInvariant(), item.Nonce);
        Assert.Equal(SettlementState.Queued, q.Find(Nonce(1))!.State);
        Assert.Null(q.Find(Nonce(2)));
    }

    [Theory]
    [InlineData("tenant_id")]
    [InlineData("wallet_id")]
    [InlineData("value")]
    [InlineData("to")]
    [InlineData("nonce")]
    public void A_request_with_a_bad_field_is_refused_naming_it(string field)
    {
        var good = Request(1);
        var bad = field switch
        {
            "tenant_id" => good with { TenantId = "" },
            "wallet_id" => good with { WalletId = "has space" },
            "value" => good with { Value = 0 },
            "to" => good with { To = "0x00000000000000000000000000000000000000cc" },
            _ => good with { Nonce = "0x1234" },
        };

        Assert.Empty(SettlementQueue.Validate(good, PayTo));
        Assert.Equal(field, Assert.Single(SettlementQueue.Validate(bad, PayTo)).Field);
    }

    [Fact]
    public void A_batch_goes_when_it_is_full_or_its_oldest_has_waited_the_window_and_never_while_one_is_in_flight()
    {
        var q = new SettlementQueue();
        q.Accept(Request(1), T0);
        Assert.False(q.IsDueForBatch(T0.AddMilliseconds(500), Policy));
        Assert.True(q.IsDueForBatch(T0.AddSeconds(1), Policy));
        q.Accept(Request(2), T0);
        q.Accept(Request(3), T0);
        Assert.True(q.IsDueForBatch(T0, Policy)); // full

        q.Sent(q.NextBatch(Policy), Signed(0), T0);
        q.Accept(Request(4), T0);
        Assert.False(q.IsDueForBatch(T0.AddMinutes(1), Policy));
        Assert.Equal(SettlementState.Submitted, q.Find(Nonce(2))!.State);
        Assert.Equal("0xtx0", q.Find(Nonce(2))!.TransactionHash);
    }

    [Fact]
    public void A_receipt_not_deep_enough_waits_and_a_final_one_settles_or_fails_each_authorization_as_the_chain_says()
    {
        var q = new SettlementQueue();
        for (var n = 1; n <= 2; n++) q.Accept(Request(n), T0);
        q.Sent(q.NextBatch(Policy), Signed(0), T0);

        Assert.IsType<SettlementVerdict.Wait>(q.Judge(Mined(q, confirmations: 1), Policy with { Confirmations = 3 }));
        var final = Assert.IsType<SettlementVerdict.Final>(q.Judge(Mined(q, failing: Nonce(2).ToLowerInvariant()), Policy));

        Assert.Equal([true, false], final.Outcomes.Select(o => o.Outcome.Settled));
        Assert.Equal("used nonce", final.Outcomes[1].Outcome.Reason);
    }

    [Fact]
    public void A_reverted_batch_goes_back_to_the_front_and_fails_each_authorization_out_of_attempts()
    {
        var q = new SettlementQueue();
        q.Accept(Request(1), T0);
        q.Sent(q.NextBatch(Policy), Signed(0), T0);
        q.Accept(Request(2), T0);

        Assert.IsType<SettlementVerdict.Reverted>(q.Judge(Mined(q, succeeded: false), Policy));
        Assert.Empty(q.Requeue(countAttempt: true, Policy)); // attempt 1 of 2
        Assert.Equal([Nonce(1).ToLowerInvariant(), Nonce(2).ToLowerInvariant()], q.Queue.Select(i => i.Nonce));

        q.Sent(q.NextBatch(Policy), Signed(1), T0);
        var exhausted = q.Requeue(countAttempt: true, Policy);

        Assert.Equal(Nonce(1).ToLowerInvariant(), Assert.Single(exhausted).Nonce);
        Assert.Equal(Nonce(2).ToLowerInvariant(), Assert.Single(q.Queue).Nonce);
    }

    [Fact]
    public void A_taken_nonce_is_seen_only_when_the_account_mined_past_ours_and_a_slow_batch_is_replaced()
    {
        var q = new SettlementQueue();
        q.Accept(Request(1), T0);
        q.Sent(q.NextBatch(Policy), Signed(5), T0);

        Assert.False(q.NonceTaken(5));
        Assert.True(q.NonceTaken(6));
        Assert.False(q.ShouldReplace(T0.AddSeconds(29), Policy));
        Assert.True(q.ShouldReplace(T0.AddSeconds(30), Policy));
        q.Replaced(Signed(5) with { Hash = "0xreplacement" }, T0.AddSeconds(30));
        Assert.Equal("0xreplacement", q.Latest().Hash);
        Assert.False(q.ShouldReplace(T0.AddSeconds(31), Policy));
    }

    [Fact]
    public void The_credit_is_purchased_usd_at_cost_one_keyed_by_the_nonce()
    {
        var item = new SettlementQueue().Accept(Request(1, value: 2_500_000), T0); // 2.5 USDC

        var terms = SettlementQueue.CreditTerms(item);

        Assert.Equal(GrantKind.Purchased, terms.Kind);
        Assert.Equal(2_500_000_000, terms.Amount.Value);
        Assert.Equal(1m, terms.CostBasis);
        Assert.Equal(GrantSourceKind.X402Payment, terms.Source.Kind);
        Assert.Equal($"x402:base:{item.Nonce}", SettlementQueue.CreditKey("base", item.Nonce));
        Assert.NotEqual(SettlementQueue.SettledKey(item.Nonce), SettlementQueue.FailedKey(item.Nonce));
    }

    [Fact]
    public void Reconciliation_matches_transfers_by_hash_payer_and_value_and_lists_both_differences()
    {
        var q = new SettlementQueue();
        var a = q.Accept(Request(1), T0);
        var b = q.Accept(Request(2), T0);
        q.Sent(q.NextBatch(Policy), Signed(0), T0);
        var receipt = Mined(q);
        q.Settled(a, receipt);
        q.Settled(b, receipt);
        q.Complete(Policy);

        var report = q.Reconcile([new ChainTransfer("0xTX0", 7, a.From.ToUpperInvariant().Replace("0X", "0x"), PayTo, a.Value), new ChainTransfer("0xother", 7, "0xstranger", PayTo, 5)], 0, 10);

        Assert.Equal(1, report.Matched);
        Assert.Equal("0xother", Assert.Single(report.OnChainOnly).TransactionHash);
        Assert.Equal(b.Nonce, Assert.Single(report.LedgerOnly).Nonce);
        Assert.False(report.IsClean);
    }

    private abstract record Step;
    private sealed record AcceptStep : Step;
    private sealed record BatchStep(int Seconds) : Step;
    private sealed record ReceiptStep(bool Succeeded, int FailEvery) : Step;
    private sealed record NonceTakenStep : Step;

    private static readonly Gen<Step> AnyStep = Gen.Frequency(
        (4, Gen.Const((Step)new AcceptStep())),
        (3, Gen.Int[0, 3].Select(s => (Step)new BatchStep(s))),
        (3, Gen.Select(Gen.Bool, Gen.Int[0, 4], (ok, every) => (Step)new ReceiptStep(ok, every))),
        (1, Gen.Const((Step)new NonceTakenStep())));

    [Fact]
    public void Every_accepted_authorization_is_in_exactly_one_place_and_an_outcome_once_recorded_never_changes()
    {
        AnyStep.Array[1, 80].Sample(steps =>
        {
            var q = new SettlementQueue();
            var accepted = new List<string>();
            var final = new Dictionary<string, SettlementState>();
            var now = T0;
            foreach (var step in steps)
            {
                switch (step)
                {
                    case AcceptStep:
                        accepted.Add(q.Accept(Request(accepted.Count + 1), now).Nonce);
                        break;
                    case BatchStep b:
                        now = now.AddSeconds(b.Seconds);
                        if (q.IsDueForBatch(now, Policy)) q.Sent(q.NextBatch(Policy), Signed(accepted.Count), now);
                        break;
                    case ReceiptStep r when q.InFlight is not null:
                        var failing = q.InFlight.Items.Where((_, i) => r.FailEvery > 0 && i % r.FailEvery == 0).Select(i => i.Nonce).ToArray();
                        switch (q.Judge(Mined(q, r.Succeeded, failing: failing), Policy))
                        {
                            case SettlementVerdict.Reverted:
                                foreach (var gone in q.Requeue(countAttempt: true, Policy)) q.Failed(gone, "reverted", null, null);
                                break;
                            case SettlementVerdict.Final f:
                                foreach (var (item, outcome) in f.Outcomes)
                                    if (outcome.Settled) q.Settled(item, new SettlementReceipt("0xm", true, 1, 1, new Dictionary<string, AuthorizationOutcome>()));
                                    else q.Failed(item, outcome.Reason!, "0xm", 1);
                                q.Complete(Policy);
                                break;
                        }
                        break;
                    case NonceTakenStep when q.InFlight is not null:
                        Assert.Empty(q.Requeue(countAttempt: false, Policy));
                        break;
                }

                var places = q.Queue.Select(i => i.Nonce).Concat(q.InFlight?.Items.Select(i => i.Nonce) ?? []).Concat(q.Outcomes.Select(o => o.Nonce)).ToList();
                Assert.Equal(accepted.Order(StringComparer.Ordinal), places.Order(StringComparer.Ordinal)); // none lost, none twice
                Assert.All(q.Queue.Concat(q.InFlight?.Items ?? []), i => Assert.True(i.Attempts < Policy.MaxAttempts));
                foreach (var o in q.Outcomes)
                {
                    if (final.TryGetValue(o.Nonce, out var was)) Assert.Equal(was, o.State);
                    final[o.Nonce] = o.State;
                    Assert.Equal(o.State, q.Find(o.Nonce)!.State);
                }
            }
        });
    }
}
