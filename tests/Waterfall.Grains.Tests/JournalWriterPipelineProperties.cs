using CsCheck;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;
using Waterfall.Ledger.Tests;

namespace Waterfall.Grains.Tests;

/// <summary>
/// Wallets hand their writes to the group-commit writer several at a time, and the store fails a
/// random batch (a failed write, or every append in it refused as a conflict). Whatever happens:
/// every acknowledged entry is durable, each wallet's durable journal is gap-free and in order, and
/// nothing after a failure is acknowledged — or written.
/// </summary>
public class JournalWriterPipelineProperties
{
    private sealed record Plan(int Wallets, int Calls, int MaxInFlight, int Writers, int FailBatch, bool FailAsConflict, int AwaitEvery);

    private sealed record Handed(long First, long Last, Task Write, Task[] Earlier);

    private static readonly Gen<Plan> Plans = Gen.Select(
        Gen.Int[1, 3], Gen.Int[1, 14], Gen.Int[1, 4], Gen.Int[1, 3], Gen.Int[0, 10], Gen.Bool, Gen.Int[0, 4],
        (wallets, calls, depth, writers, fail, conflict, awaitEvery) => new Plan(wallets, calls, depth, writers, fail, conflict, awaitEvery));

    [Fact]
    public async Task Every_acknowledged_entry_is_durable_in_order_and_nothing_after_a_failure_is_acknowledged_or_written() =>
        await Plans.SampleAsync(Check, iter: 150, threads: 1);

    private static async Task Check(Plan plan)
    {
        var store = new ScriptedLedgerStore { FailBatch = plan.FailBatch == 0 ? null : plan.FailBatch, FailAsConflict = plan.FailAsConflict };
        await using var journal = new GroupCommitJournal(store,
            new GroupCommitOptions { MaxConcurrentBatches = plan.Writers, MaxAppendsInFlightPerWallet = plan.MaxInFlight });
        var keys = Enumerable.Range(0, plan.Wallets).Select(i => new WalletKey("t", $"w{i}")).ToArray();
        var handed = keys.Select(_ => new List<Handed>()).ToArray();
        var outOfOrder = new List<string>();

        // Each wallet's calls run on one single-threaded scheduler, as grain turns do.
        var turns = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
        await Task.Factory.StartNew(
            () => Task.WhenAll(keys.Select((key, i) => Calls(key, plan, journal, handed[i], outOfOrder))),
            CancellationToken.None, TaskCreationOptions.None, turns).Unwrap().WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(handed.SelectMany(h => h).Select(h => h.Write.ContinueWith(_ => { }))).WaitAsync(TimeSpan.FromSeconds(30));

        lock (outOfOrder) Assert.Empty(outOfOrder);
        var anyBatchFailed = plan.FailBatch != 0 && store.Batches.Count >= plan.FailBatch;
        for (var w = 0; w < keys.Length; w++)
        {
            var calls = handed[w];
            var acknowledged = calls.TakeWhile(c => c.Write.IsCompletedSuccessfully).ToList();
            var failed = calls.Skip(acknowledged.Count).ToList();
            Assert.All(failed, c => Assert.True(c.Write.IsFaulted, $"call at {c.First} was acknowledged after an earlier call failed"));
            if (failed.Count > 0)
            {
                // Every later call reports the first failure, never a conflict or a cancellation of its own.
                var first = failed[0].Write.Exception!.InnerException;
                Assert.All(failed, c => Assert.Same(first, c.Write.Exception!.InnerException));
                Assert.True(anyBatchFailed, "a call failed although the store never failed");
            }

            var durable = (await store.Durable.LoadAsync(keys[w], default)).Events.Select(e => e.Sequence).ToList();
            var lastAcknowledged = acknowledged.Count == 0 ? 0 : acknowledged[^1].Last;
            Assert.Equal(Enumerable.Range(1, (int)lastAcknowledged).Select(i => (long)i), durable);
        }
    }

    /// <summary>One wallet's calls: decided one after another, handed over without waiting (or sometimes waiting).</summary>
    private static async Task Calls(WalletKey key, Plan plan, IWalletJournal journal, List<Handed> handed, List<string> outOfOrder)
    {
        var wallet = new Wallet(key);
        var writer = new JournalWriter(journal, key);
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        for (var call = 0; call < plan.Calls; call++)
        {
            var events = Decide(wallet, call, now);
            var write = writer.Append([], events.Events, events.Receipt);
            var earlier = handed.Select(h => h.Write).ToArray();
            var entry = new Handed(events.Events[0].Sequence, events.Events[^1].Sequence, write, earlier);
            handed.Add(entry);
            _ = write.ContinueWith(t =>
            {
                if (t.IsCompletedSuccessfully && earlier.Any(e => !e.IsCompletedSuccessfully))
                    lock (outOfOrder) outOfOrder.Add($"{key} call at {entry.First} acknowledged before an earlier one");
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            if (plan.AwaitEvery > 0 && call % plan.AwaitEvery == plan.AwaitEvery - 1)
            {
                try { await write; } catch { /* the properties judge it */ }
            }
            else if (call % 3 == 2) await Task.Yield();
        }
    }

    private static (IReadOnlyList<WalletEvent> Events, Receipt? Receipt) Decide(Wallet wallet, int call, DateTimeOffset now)
    {
        var key = $"k{call}";
        return call switch
        {
            0 => Accepted(wallet.Open(new OpenWallet(key, WalletSettings.Default), now)),
            1 => Accepted(wallet.GrantCredits(new GrantCredits(key, new GrantTerms(GrantKind.Purchased, Amount.Usd(1_000_000_000), 30, null, null,
                GrantScope.Any, GrantSource.Operator, 1m)), now)),
            _ => Accepted(wallet.Debit(new DebitWallet(key, new AmountCharge(Amount.Usd(1_000), default)), now)),
        };
    }

    private static (IReadOnlyList<WalletEvent>, Receipt?) Accepted<T>(Outcome<T> outcome) where T : Receipt =>
        outcome.IsAccepted ? (outcome.Events, outcome.Receipt) : throw new InvalidOperationException(outcome.ToString());
}
