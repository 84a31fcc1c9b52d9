using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;

namespace Waterfall.Ledger;

/// <summary>The key table read the slow way, for journals and stores without a read of many keys at once.</summary>
internal static class KeyTableLookup
{
    /// <summary>Every record of <paramref name="keys"/> under every operation, found one probe at a time.</summary>
    public static async Task<IReadOnlyList<IdempotencyRecord>> OneByOne(IReadOnlyCollection<string> keys, Func<TransactionKind, string, Task<IdempotencyRecord?>> find)
    {
        var found = new List<IdempotencyRecord>();
        foreach (var key in keys.Distinct())
            foreach (var operation in KeyScope.Commands)
                if (await find(operation, key) is { } record) found.Add(record);
        return found;
    }
}
