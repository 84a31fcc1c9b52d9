using Waterfall.Domain.Wallets;
using Waterfall.Testing;

namespace Waterfall.Grains.Tests;

public class SmallWindowRecordingFixture : WaterfallClusterFixture
{
    public RecordingJournal Journal { get; } = new();

    protected override void Configure(WaterfallTestClusterOptions options)
    {
        options.Journal = Journal;
        options.Wallets = w => w.MaxIdempotencyKeys = 4;
    }
}

/// <summary>
/// A wallet busier than its window forgets keys by count; the durable key table still answers for them. Only those
/// keys may cost a store read: a new key must be decided from memory, or every debit of a busy wallet reads the store.
/// </summary>
public class ForgottenKeyReadTests(SmallWindowRecordingFixture waterfall) : IClassFixture<SmallWindowRecordingFixture>
{
    [Fact]
    public async Task New_keys_on_a_wallet_that_forgot_keys_by_count_are_decided_without_reading_the_key_table()
    {
        var (wallet, key) = await waterfall.FundedWallet(10_000);
        for (var i = 0; i < 6; i++) await wallet.Debit(Commands.DebitUsd($"d{i}", 100)); // the 4-key window forgets "fund", "d0", "d1"…
        var readsBefore = waterfall.Journal.KeyReadsOf(key);

        for (var i = 0; i < 20; i++) Assert.True((await wallet.Debit(Commands.DebitUsd($"new{i}", 10))).IsAccepted);
        var readsForNewKeys = waterfall.Journal.KeyReadsOf(key) - readsBefore;

        var replay = await wallet.Debit(Commands.DebitUsd("d0", 100));

        Assert.Equal(0, readsForNewKeys);
        Assert.True(replay.Replayed); // a forgotten key is still looked up, and answered from the table
        Assert.True(waterfall.Journal.KeyReadsOf(key) > readsBefore);
        Assert.Equal(10_000 - 600 - 200, (await wallet.Get()).Receipt!.Balances.Single().Total);
    }

    [Fact]
    public async Task A_batch_on_a_wallet_that_forgot_more_keys_than_it_can_name_reads_the_key_table_once()
    {
        var (wallet, key) = await waterfall.FundedWallet(1_000_000);
        // Past the 4,096 names a window keeps of what it forgot: from then on any key may be in the table alone.
        for (var batch = 0; batch < 5; batch++)
            await wallet.DebitBatch([.. Enumerable.Range(0, 1_000).Select(i => Commands.DebitUsd($"b{batch}-{i}", 10))]);
        var readsBefore = waterfall.Journal.KeyReadsOf(key);

        var replies = await wallet.DebitBatch([Commands.DebitUsd("b0-7", 10), .. Enumerable.Range(0, 200).Select(i => Commands.DebitUsd($"new{i}", 10))]);

        Assert.Equal(1, waterfall.Journal.KeyReadsOf(key) - readsBefore);
        Assert.True(replies[0].Replayed); // forgotten long ago, still answered from the table
        Assert.All(replies.Skip(1), r => Assert.True(r.IsAccepted && !r.Replayed));
        Assert.Equal(1_000_000 - 5_200 * 10, (await wallet.Get()).Receipt!.Balances.Single().Total);
    }
}
