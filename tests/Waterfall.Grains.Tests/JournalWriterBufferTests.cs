using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;

namespace Waterfall.Grains.Tests;

/// <summary>
/// What a wallet's writer keeps between writes. A list made for the next write at the previous hand-over would grow
/// old waiting for the wallet's next command, and an older object keeps whatever is added to it alive through every
/// gen-0 and gen-1 collection: each debit's entry, event and receipt were promoted twice that way (docs/performance.md,
/// "Who kept a debit alive").
/// </summary>
public class JournalWriterBufferTests
{
    private sealed class RecordingJournal() : DelegatingWalletJournal(new InMemoryWalletJournal())
    {
        public List<IReadOnlyList<JournalEntry>> Handed { get; } = [];

        public override Task AppendAsync(WalletKey wallet, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
        {
            Handed.Add(entries);
            return base.AppendAsync(wallet, entries, cancellationToken);
        }
    }

    [Fact]
    public async Task A_write_is_gathered_in_a_list_no_older_than_its_first_event()
    {
        var key = new WalletKey("t", "w");
        var journal = new RecordingJournal();
        var writer = new JournalWriter(journal, key);
        var wallet = new Wallet(key);
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        await Write(writer, wallet.Open(new OpenWallet("open", WalletSettings.Default), now));
        await Write(writer, wallet.GrantCredits(new GrantCredits("grant", new GrantTerms(GrantKind.Purchased, Amount.Usd(1_000_000_000), 30, null, null,
            GrantScope.Any, GrantSource.Operator, 1m)), now));

        // The wallet waits for its next command long enough for everything it holds to reach the oldest generation.
        GC.Collect();
        GC.Collect();
        Assert.Equal(GC.MaxGeneration, GC.GetGeneration(writer));

        var debit = wallet.Debit(new DebitWallet("debit", new AmountCharge(Amount.Usd(1_000), default)), now);
        await Write(writer, debit);

        var list = journal.Handed[^1];
        Assert.Same(debit.Events[0], list[0].Event);
        Assert.True(GC.GetGeneration(list) <= GC.GetGeneration(debit.Events[0]),
            $"the write's list is in generation {GC.GetGeneration(list)}, its event in {GC.GetGeneration(debit.Events[0])}: the list was made before the event");
    }

    private static Task Write<T>(JournalWriter writer, Outcome<T> outcome) where T : Receipt =>
        outcome.IsAccepted ? writer.Append([], outcome.Events, outcome.Receipt) : throw new InvalidOperationException(outcome.ToString());
}
