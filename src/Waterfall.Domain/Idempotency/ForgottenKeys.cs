namespace Waterfall.Domain.Idempotency;

/// <summary>
/// The keys a full window dropped while they were still within retention, kept as hashes of the key alone: enough
/// to tell a key that may be in the durable key table from one never seen, at ~40 bytes a key instead of the entry.
/// </summary>
/// <remarks>
/// Without it, a wallet that once forgot a key by count had to read the key table for every new key for a whole
/// retention period: a store read per debit for any wallet busier than its window (docs/performance.md). A hash
/// that collides only costs that read again, never a wrong answer. Keys the wallet cannot name — forgotten before a
/// snapshot it was restored from, or beyond its bound — make every key "maybe" until their retention has passed.
/// </remarks>
internal sealed class ForgottenKeys
{
    /// <summary>Names kept whatever the window's own bound: a small window forgets many keys quickly.</summary>
    public const int LeastBound = 4_096;

    private readonly Queue<(int Hash, DateTimeOffset At)> _byAge = new();
    private readonly Dictionary<int, int> _counts = [];
    private DateTimeOffset? _unnamedUntil;

    public bool Any => _byAge.Count > 0 || _unnamedUntil is not null;

    public bool MayHold(string key) => _unnamedUntil is not null || _counts.ContainsKey(Hash(key));

    /// <summary>A key dropped because the window was full; beyond <paramref name="bound"/> names, it counts as unnamed.</summary>
    public void Forget(string key, DateTimeOffset recordedAt, int bound)
    {
        if (_byAge.Count >= bound)
        {
            Unnamed(recordedAt);
            return;
        }
        var hash = Hash(key);
        _byAge.Enqueue((hash, recordedAt));
        _counts[hash] = _counts.GetValueOrDefault(hash) + 1;
    }

    /// <summary>Keys were forgotten that cannot be named, none recorded after <paramref name="recordedAtMost"/>.</summary>
    public void Unnamed(DateTimeOffset recordedAtMost)
    {
        if (_unnamedUntil is not { } until || recordedAtMost > until) _unnamedUntil = recordedAtMost;
    }

    /// <summary>
    /// Lets go of keys recorded at or before <paramref name="cutoff"/>: the key table no longer answers for them either.
    /// False once nothing is left to remember.
    /// </summary>
    public bool Prune(DateTimeOffset cutoff)
    {
        while (_byAge.Count > 0 && _byAge.Peek().At <= cutoff)
        {
            var (hash, _) = _byAge.Dequeue();
            if (_counts[hash] == 1) _counts.Remove(hash);
            else _counts[hash]--;
        }
        if (_unnamedUntil <= cutoff) _unnamedUntil = null;
        return Any;
    }

    private static int Hash(string key) => StringComparer.Ordinal.GetHashCode(key);
}
