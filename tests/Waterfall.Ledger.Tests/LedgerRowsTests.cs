using Waterfall.Domain.Ledger;
using Waterfall.Ledger.Rows;

namespace Waterfall.Ledger.Tests;

/// <summary>
/// The rows a batch becomes are serialized through scratch buffers that belong to the thread (RowBuffer, LedgerRows):
/// each row's values must still be its own when batches are built on many threads at once, and after the thread
/// has gone on to the next batch.
/// </summary>
public sealed class LedgerRowsTests
{
    private static readonly Scenario Wallet = new Scenario().EveryEventKind();

    [Fact]
    public async Task Rows_built_on_many_threads_at_once_keep_their_own_values()
    {
        var expected = Values(Build());
        const int Threads = 8;
        using var start = new Barrier(Threads);
        // Each on a thread of its own, all at once; what a thread saw wrong surfaces here, not as a crash of the host.
        var built = await Task.WhenAll(Enumerable.Range(0, Threads).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            var mismatches = 0;
            for (var round = 0; round < 50; round++)
            {
                using var rows = Build();
                if (!Values(rows).SequenceEqual(expected)) mismatches++;
            }
            return mismatches;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        Assert.All(built, mismatches => Assert.Equal(0, mismatches));
    }

    [Fact]
    public void A_batch_s_values_outlive_the_next_batch_built_on_the_same_thread()
    {
        using var first = Build();
        var before = Values(first);

        using (var second = Build()) Assert.Equal(before, Values(second));

        Assert.Equal(before, Values(first));
    }

    [Fact]
    public void A_value_larger_than_a_chunk_is_kept_whole_and_the_next_one_is_not_disturbed()
    {
        using var buffer = new RowBuffer();
        var large = new string('x', 100_000);

        var kept = buffer.WriteJson(large, (json, value) => json.WriteStringValue(value));
        var next = buffer.WriteJson("small", (json, value) => json.WriteStringValue(value));

        Assert.Equal($"\"{large}\"", kept.ToString());
        Assert.Equal("\"small\"", next.ToString());
    }

    public static TheoryData<TransactionKind> EveryKind => new(Enum.GetValues<TransactionKind>());

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void A_row_stores_its_kind_by_the_kind_s_name(TransactionKind kind) =>
        Assert.Equal(kind.ToString(), KindNames.Of(kind));

    private static LedgerRows Build()
    {
        var rows = new LedgerRows();
        foreach (var entry in Wallet.Entries) rows.Add(Wallet.Key, entry);
        return rows;
    }

    private static List<string> Values(LedgerRows rows) =>
        rows.Transactions.SelectMany(t => new[] { t.Kind, Hex(t.Event), Hex(t.PostingsJson) })
            .Concat(rows.Keys.SelectMany(k => new[] { k.Operation, Hex(k.Receipt) }))
            .ToList();

    private static string Hex(RowValue value) => Convert.ToHexString(value.Bytes.Span);
}
