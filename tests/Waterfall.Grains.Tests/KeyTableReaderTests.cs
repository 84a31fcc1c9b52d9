using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;

namespace Waterfall.Grains.Tests;

/// <summary>
/// A key table whose reads are answered by the test: each read's keys are recorded, and it finds every key it is asked
/// for that starts with "old" (as a debit recorded long ago).
/// </summary>
internal sealed class GatedKeyTable() : DelegatingWalletJournal(new InMemoryWalletJournal())
{
    private readonly Queue<TaskCompletionSource> _gates = new();

    public List<string[]> Reads { get; } = [];

    /// <summary>The next read waits until the returned source is completed (or failed).</summary>
    public TaskCompletionSource HoldNextRead()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gates.Enqueue(gate);
        return gate;
    }

    public override async Task<IReadOnlyList<IdempotencyRecord>> FindIdempotencyKeysAsync(WalletKey wallet, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        lock (Reads) Reads.Add([.. keys.Order(StringComparer.Ordinal)]);
        Task gate;
        lock (_gates) gate = _gates.TryDequeue(out var held) ? held.Task : Task.CompletedTask;
        await gate;
        return [.. keys.Where(static k => k.StartsWith("old", StringComparison.Ordinal))
            .Select(static k => new IdempotencyRecord(TransactionKind.Debited, k, "fingerprint", null, DateTimeOffset.UnixEpoch))];
    }
}

public class KeyTableReaderTests
{
    private static readonly WalletKey Wallet = new("acme", "w1");

    [Fact]
    public async Task Keys_asked_for_while_a_read_is_in_flight_go_together_in_the_next_read()
    {
        var table = new GatedKeyTable();
        var first = table.HoldNextRead();
        var reader = new KeyTableReader(table, Wallet);

        var a = reader.Read(["old-a"]);
        var b = reader.Read(["new-b"]);
        var c = reader.Read(["old-c", "new-b"]);
        first.SetResult();

        Assert.Equal("old-a", Assert.Single((await a)["old-a"]).Key);
        Assert.Empty((await b)["new-b"]);
        Assert.Equal("old-c", Assert.Single((await c)["old-c"]).Key);
        Assert.Same(await b, await c);
        Assert.Equal([["old-a"], ["new-b", "old-c"]], table.Reads);
        Assert.Equal(2, table.Reads.Count);
    }

    [Fact]
    public async Task A_key_asked_for_during_a_read_waits_for_a_read_that_starts_after_it()
    {
        var table = new GatedKeyTable();
        var first = table.HoldNextRead();
        var reader = new KeyTableReader(table, Wallet);

        var inFlight = reader.Read(["new-a"]);
        var later = reader.Read(["new-a"]); // the same key: its row may have become durable since the first read began

        Assert.False(later.IsCompleted);
        first.SetResult();
        await Task.WhenAll(inFlight, later);
        Assert.Equal(2, table.Reads.Count);
        Assert.NotSame(await inFlight, await later);
    }

    [Fact]
    public async Task A_failed_read_fails_its_own_callers_only_and_the_next_read_is_made()
    {
        var table = new GatedKeyTable();
        var first = table.HoldNextRead();
        var reader = new KeyTableReader(table, Wallet);

        var failing = reader.Read(["old-a"]);
        var following = reader.Read(["old-b"]);
        first.SetException(new TimeoutException("the store did not answer"));

        await Assert.ThrowsAsync<TimeoutException>(() => failing);
        Assert.Single((await following)["old-b"]);
        Assert.Single((await reader.Read(["old-c"]))["old-c"]); // and it reads again afterwards
        Assert.Equal(3, table.Reads.Count);
    }
}
