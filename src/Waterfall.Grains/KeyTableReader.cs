using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;

namespace Waterfall.Grains;

/// <summary>
/// One wallet's reads of the durable key table, one at a time: keys asked for while a read is in flight go together
/// in the next one. A wallet busier than its window (a hot wallet forgets names faster than it can keep them, see
/// <see cref="IdempotencyWindow.MayHaveForgotten"/>) then pays one read per batch of concurrent calls instead of one
/// per call, as its writes do (<see cref="JournalWriter"/>).
/// </summary>
/// <remarks>
/// A key's read always starts after it was asked for, never before: a caller that waited for its key's row to be
/// durable and then asks is sure to find it. Used only from the grain's scheduler, so it needs no locks.
/// </remarks>
internal sealed class KeyTableReader(IWalletJournal journal, WalletKey wallet)
{
    private Task<ILookup<string, IdempotencyRecord>>? _current;
    private Task<ILookup<string, IdempotencyRecord>>? _next;
    private HashSet<string>? _nextKeys;

    /// <summary>Every durable record of these keys, whatever their operation; a key with none has an empty group.</summary>
    public Task<ILookup<string, IdempotencyRecord>> Read(IReadOnlyCollection<string> keys)
    {
        if (_next is null && _current is not { IsCompleted: false }) return _current = Start(keys);
        (_nextKeys ??= new(StringComparer.Ordinal)).UnionWith(keys);
        return _next ??= Follow(_current!);
    }

    private async Task<ILookup<string, IdempotencyRecord>> Start(IReadOnlyCollection<string> keys)
    {
        var found = await journal.FindIdempotencyKeysAsync(wallet, keys);
        return found.ToLookup(static r => r.Key, StringComparer.Ordinal);
    }

    private async Task<ILookup<string, IdempotencyRecord>> Follow(Task previous)
    {
        // The previous read's failure is its own callers'; this one is a new read.
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        var keys = _nextKeys!;
        _nextKeys = null;
        _next = null;
        return await (_current = Start(keys));
    }
}
