using System.Diagnostics;
using Waterfall.Client;
using Waterfall.Testing;

namespace Waterfall.Simulation.Tests;

public class LinearizabilityFixture : WaterfallClusterFixture;

/// <summary>
/// Concurrent clients call one wallet through the SDK and the front door, as black boxes; the recorded
/// history (each call's sending, answer and result) must be explained by one serial order of a plain
/// balance: a grant adds, a debit takes what is there or is refused, and answers what is left.
/// </summary>
public class LinearizabilityTests(LinearizabilityFixture waterfall) : IClassFixture<LinearizabilityFixture>
{
    private const long Cent = 10_000_000;

    public abstract record Call;
    public sealed record Grant(long Amount) : Call;
    public sealed record Debit(long Amount) : Call;
    public sealed record Read : Call;

    /// <summary>What a call was answered: the balance left (debit, read), a refusal, or plain success (grant).</summary>
    public sealed record Result(string Outcome, long? Balance = null)
    {
        public static readonly Result Granted = new("granted");
        public static readonly Result Refused = new("INSUFFICIENT_FUNDS");
    }

    private static (long, Result) Model(long balance, Call call) => call switch
    {
        Grant g => (balance + g.Amount, Result.Granted),
        Debit d when d.Amount <= balance => (balance - d.Amount, new Result("debited", balance - d.Amount)),
        Debit => (balance, Result.Refused),
        _ => (balance, new Result("read", balance)),
    };

    [Fact]
    public async Task Sixteen_concurrent_clients_on_one_wallet_leave_a_history_one_serial_order_explains()
    {
        var walletId = $"lin-{Guid.NewGuid():N}";
        var sdk = waterfall.Sdk;
        await sdk.CreateWalletAsync(walletId);
        var history = new List<HistoryEntry<Call, Result>>();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            for (var n = 0; n < 16; n++)
            {
                Call call = random.Next(10) switch
                {
                    0 or 1 => new Grant(Cent * random.Next(1, 200)),
                    2 => new Read(),
                    _ => new Debit(Cent * random.Next(1, 120)),
                };
                var invoked = Stopwatch.GetTimestamp();
                var result = await CallAsync(sdk, walletId, call, $"c{client}-{n}");
                var completed = Stopwatch.GetTimestamp();
                lock (history) history.Add(new(client, invoked, completed, call, result));
            }
        })));
        var final = (await sdk.GetWalletAsync(walletId)).Balances.Single(b => b.Unit == "usd").Available;
        history.Add(new(-1, Stopwatch.GetTimestamp(), Stopwatch.GetTimestamp(), new Read(), new Result("read", final)));

        var order = Linearizability.Check(history, 0L, Model);

        Assert.NotNull(order);
        Assert.Equal(history.Count, order!.Count);
        Assert.Contains(history, h => h.Result == Result.Refused); // the history did reach the edge where order matters
        Assert.Contains(history, h => h.Result.Outcome == "debited");
    }

    [Fact]
    public void A_debit_answered_as_if_an_earlier_finished_debit_had_not_happened_is_not_linearizable()
    {
        var history = new List<HistoryEntry<Call, Result>>
        {
            new(0, 0, 1, new Grant(100), Result.Granted),
            new(0, 2, 3, new Debit(30), new Result("debited", 70)),
            new(1, 4, 5, new Debit(30), new Result("debited", 70)), // sent after the first was answered
        };

        Assert.Null(Linearizability.Check(history, 0L, Model));
        // Overlapping in time, the same two answers are still impossible: one of them must see 40.
        Assert.Null(Linearizability.Check([history[0], history[1] with { Completed = 10 }, history[2]], 0L, Model));
    }

    [Fact]
    public void A_refusal_after_a_grant_that_covered_it_is_not_linearizable_but_a_concurrent_one_is()
    {
        var after = new List<HistoryEntry<Call, Result>>
        {
            new(0, 0, 1, new Grant(100), Result.Granted),
            new(1, 2, 3, new Debit(50), Result.Refused),
        };
        var concurrent = new List<HistoryEntry<Call, Result>> { after[0] with { Completed = 5 }, after[1] };

        Assert.Null(Linearizability.Check(after, 0L, Model));
        Assert.Equal([1, 0], Linearizability.Check(concurrent, 0L, Model));
    }

    private static async Task<Result> CallAsync(WaterfallClient sdk, string walletId, Call call, string key)
    {
        try
        {
            switch (call)
            {
                case Grant g:
                    await sdk.GrantCreditsAsync(walletId, Amounts.Nanos(g.Amount), idempotencyKey: key);
                    return Result.Granted;
                case Debit d:
                    var debit = await sdk.DebitAsync(walletId, Amounts.Nanos(d.Amount), key);
                    return new Result("debited", debit.AvailableAfter.Single(a => a.Unit == "usd").Value);
                default:
                    return new Result("read", (await sdk.GetWalletAsync(walletId)).Balances.Single(b => b.Unit == "usd").Available);
            }
        }
        catch (WaterfallException e) when (e.Reason == "INSUFFICIENT_FUNDS")
        {
            return Result.Refused;
        }
    }
}
