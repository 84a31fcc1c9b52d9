using CsCheck;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Idempotency;

/// <summary>
/// The compact window (entries scanned while few, indexed once many, fingerprints packed) against
/// the plain model it replaced: a dictionary of records plus a queue by age. Every lookup must
/// answer the same fingerprint text and the very same receipt, whatever was recorded and pruned.
/// </summary>
public class IdempotencyWindowProperties
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TransactionKind[] Kinds = [TransactionKind.Debited, TransactionKind.HoldAuthorized, TransactionKind.HoldCaptured];

    private abstract record Op;
    private sealed record RecordOp(int Kind, int Key, string Fingerprint, int Minutes) : Op;
    private sealed record LookupOp(int Kind, int Key) : Op;
    private sealed record PruneOp(int Minutes, int RetentionMinutes, int MaxRecords) : Op;

    private static readonly Gen<string> Fingerprints = Gen.OneOf(
        Gen.Char["0123456789ABCDEF"].Array[32].Select(c => new string(c)),
        Gen.String[0, 40]);

    private static readonly Gen<Op> Ops = Gen.Frequency(
        (5, Gen.Select(Gen.Int[0, 2], Gen.Int[0, 30], Fingerprints, Gen.Int[0, 5]).Select(t => (Op)new RecordOp(t.Item1, t.Item2, t.Item3, t.Item4))),
        (4, Gen.Select(Gen.Int[0, 2], Gen.Int[0, 30]).Select(t => (Op)new LookupOp(t.Item1, t.Item2))),
        (1, Gen.Select(Gen.Int[0, 5], Gen.Int[0, 30], Gen.Int[0, 20]).Select(t => (Op)new PruneOp(t.Item1, t.Item2, t.Item3))));

    [Fact]
    public void The_compact_window_answers_every_lookup_exactly_as_a_dictionary_of_records_would() =>
        Ops.Array[1, 80].Sample(ops =>
        {
            var window = new IdempotencyWindow();
            var model = new ModelWindow();
            var now = Start;
            foreach (var op in ops)
            {
                switch (op)
                {
                    case RecordOp r:
                        now = now.AddMinutes(r.Minutes);
                        var record = new IdempotencyRecord(Kinds[r.Kind], $"key-{r.Key}", r.Fingerprint, new OpenReceipt(r.Key), now);
                        window.Record(record);
                        model.Record(record);
                        break;
                    case LookupOp l:
                        var found = window.TryGet(Kinds[l.Kind], $"key-{l.Key}", out var got);
                        var expected = model.TryGet(Kinds[l.Kind], $"key-{l.Key}");
                        if (found != expected is not null) return false;
                        if (expected is not null &&
                            (got.Fingerprint != expected.Fingerprint || !ReferenceEquals(got.Receipt, expected.Receipt) || got.At != expected.At || got.Key != expected.Key))
                            return false;
                        break;
                    case PruneOp p:
                        now = now.AddMinutes(p.Minutes);
                        window.Prune(now, TimeSpan.FromMinutes(p.RetentionMinutes), p.MaxRecords);
                        model.Prune(now, TimeSpan.FromMinutes(p.RetentionMinutes), p.MaxRecords);
                        break;
                }
                if (window.Count != model.Count) return false;
            }
            return window.Records.Select(r => (r.Operation, r.Key, r.Fingerprint, r.Receipt, r.At))
                .SequenceEqual(model.Records.Select(r => (r.Operation, r.Key, r.Fingerprint, r.Receipt, r.At)));
        });

    /// <summary>
    /// A key the window dropped because it was full may still be in the durable key table until its retention ends:
    /// the window must say so (or a retry would be decided as new: a double charge), and must not say so of any
    /// other key (or every new key costs a store read). Retention is one setting, as in a silo.
    /// </summary>
    [Fact]
    public void The_window_names_exactly_the_keys_it_forgot_by_count_within_retention() =>
        Gen.Select(Ops.Array[1, 80], Gen.Int[1, 30]).Sample((ops, retentionMinutes) =>
        {
            var retention = TimeSpan.FromMinutes(retentionMinutes);
            var window = new IdempotencyWindow();
            var model = new ModelWindow();
            var now = Start;
            foreach (var op in ops)
            {
                if (op is RecordOp r)
                {
                    now = now.AddMinutes(r.Minutes);
                    var record = new IdempotencyRecord(Kinds[r.Kind], $"key-{r.Key}", r.Fingerprint, null, now);
                    window.Record(record);
                    model.Record(record);
                }
                else if (op is PruneOp p)
                {
                    now = now.AddMinutes(p.Minutes);
                    window.Prune(now, retention, p.MaxRecords);
                    model.Prune(now, retention, p.MaxRecords);
                }
                for (var key = 0; key <= 30; key++)
                    if (window.MayHaveForgotten($"key-{key}") != model.ForgottenWithinRetention($"key-{key}")) return false;
            }
            return true;
        });

    [Fact]
    public void A_window_that_forgot_more_keys_than_it_names_may_have_forgotten_any_key_until_their_retention_ends()
    {
        var retention = TimeSpan.FromMinutes(10);
        var window = new IdempotencyWindow(holdsReceipts: false);
        for (var i = 0; i < 4_096 + 10; i++) // past the names a window keeps at least (ForgottenKeys.LeastBound)
        {
            window.Record(new IdempotencyRecord(TransactionKind.Debited, $"k{i}", "f", null, Start.AddSeconds(i / 100)));
            window.Prune(Start.AddSeconds(i / 100), retention, maxRecords: 4);
        }

        Assert.True(window.MayHaveForgotten("k0")); // named
        Assert.True(window.MayHaveForgotten("never-used")); // beyond the names: cannot be told apart
        window.Prune(Start.AddSeconds(41) + retention, retention, maxRecords: 4);
        Assert.False(window.MayHaveForgotten("never-used"));
        Assert.False(window.MayHaveForgotten("k0"));
    }

    [Fact]
    public void A_window_past_its_index_threshold_still_finds_its_oldest_and_newest_keys()
    {
        var window = new IdempotencyWindow();
        var receipts = Enumerable.Range(0, IdempotencyWindow.IndexThreshold * 3).Select(i => new OpenReceipt(i)).ToList();
        foreach (var r in receipts)
            window.Record(new IdempotencyRecord(TransactionKind.Debited, $"k{r.Sequence}", new FingerprintBuilder("debit").Add(r.Sequence).Build(), r, Start));

        Assert.True(window.TryGet(TransactionKind.Debited, "k0", out var oldest));
        Assert.Same(receipts[0], oldest.Receipt);
        Assert.True(window.TryGet(TransactionKind.Debited, $"k{receipts.Count - 1}", out var newest));
        Assert.Same(receipts[^1], newest.Receipt);
        Assert.Equal(new FingerprintBuilder("debit").Add(receipts.Count - 1L).Build(), newest.Fingerprint);
        Assert.False(window.TryGet(TransactionKind.HoldCaptured, "k0", out _));
        Assert.Equal(receipts.Count, window.Count);
    }

    /// <summary>The window as it was before it was made compact.</summary>
    private sealed class ModelWindow
    {
        private readonly Dictionary<(TransactionKind, string), IdempotencyRecord> _records = new();
        private readonly Queue<IdempotencyRecord> _byAge = new();

        private readonly List<IdempotencyRecord> _forgotten = [];
        private DateTimeOffset _cutoff = DateTimeOffset.MinValue;

        public int Count => _records.Count;

        public bool ForgottenWithinRetention(string key) => _forgotten.Any(f => f.Key == key && f.At > _cutoff);
        public IEnumerable<IdempotencyRecord> Records => _byAge;

        public IdempotencyRecord? TryGet(TransactionKind operation, string key) => _records.GetValueOrDefault((operation, key));

        public void Record(IdempotencyRecord record)
        {
            _records[(record.Operation, record.Key)] = record;
            _byAge.Enqueue(record);
        }

        public void Prune(DateTimeOffset now, TimeSpan retention, int maxRecords)
        {
            var cutoff = now - retention;
            _cutoff = cutoff;
            while (_byAge.Count > 0 && (_byAge.Peek().At <= cutoff || _byAge.Count > maxRecords))
            {
                var old = _byAge.Dequeue();
                if (old.At > cutoff) _forgotten.Add(old);
                if (_records.TryGetValue((old.Operation, old.Key), out var current) && ReferenceEquals(current, old))
                    _records.Remove((old.Operation, old.Key));
            }
        }
    }
}
