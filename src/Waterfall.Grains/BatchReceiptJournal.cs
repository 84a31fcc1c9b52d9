using System.Runtime.CompilerServices;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;

namespace Waterfall.Grains;

/// <summary>
/// The journal as a wallet grain's <see cref="JournalWriter"/> sees it, able to carry one receipt per
/// event. The writer takes one receipt for all the events of an append; a debit batch decides many
/// commands in one turn and must still reach the store as one append in which every command keeps its
/// own receipt (the durable idempotency table answers a forgotten key's retry with it). The grain notes
/// each batch event's receipt here and appends the events without one; they are attached on the way to
/// the store. Weak keys: a note whose write never happens (a failed activation) costs nothing.
/// </summary>
internal sealed class BatchReceiptJournal(IWalletJournal inner) : DelegatingWalletJournal(inner)
{
    /// <summary>Made on a wallet's first batch: a table per wallet costs ~290 bytes, and most wallets never batch.</summary>
    private ConditionalWeakTable<WalletEvent, Receipt>? _receipts;

    public void Note(WalletEvent @event, Receipt receipt) => (_receipts ??= new()).AddOrUpdate(@event, receipt);

    public override Task AppendAsync(WalletKey wallet, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        if (_receipts is null) return Inner.AppendAsync(wallet, entries, cancellationToken);
        JournalEntry[]? attached = null;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Receipt is not null || !_receipts.TryGetValue(entry.Event, out var receipt)) continue;
            attached ??= [.. entries];
            attached[i] = entry with { Receipt = receipt };
            _receipts.Remove(entry.Event);
        }
        return Inner.AppendAsync(wallet, attached ?? entries, cancellationToken);
    }
}
