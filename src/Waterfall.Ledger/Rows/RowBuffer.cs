using System.Buffers;
using System.Text.Json;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger.Serialization;
using Waterfall.Ledger.Serialization.Compact;

namespace Waterfall.Ledger.Rows;

/// <summary>
/// Where one batch's rows write their values: the bytes are copied into pooled chunks that the rows point into until the
/// batch is written. Chunks stay under the large-object threshold and go back to the pool when the batch is disposed, so
/// a batch leaves no row bytes behind for the garbage collector.
/// </summary>
/// <remarks>
/// A value is serialized into a scratch buffer first, with writers (and a postings list) that belong to the thread, not
/// the batch: a small batch (a hold's, a hot wallet's) used to allocate ~2.5 KB of buffer and writers for a few rows. A
/// value is written and copied out within one synchronous call, so a thread's scratch is never shared.
/// </remarks>
internal sealed class RowBuffer : IDisposable
{
    private const int ChunkBytes = 64 * 1024;

    [ThreadStatic] private static Scratch? t_scratch;

    private readonly List<byte[]> _chunks = [];
    private int _used = ChunkBytes;

    /// <summary>The event in its stored form: compact where <see cref="CompactForm"/> covers it, JSON otherwise.</summary>
    public RowValue Write(WalletEvent e) =>
        CompactForm.Covers(e) ? WriteCompact(e, CompactForm.Write) : WriteJson(e, LedgerJson.Write);

    /// <summary>The receipt in its stored form: compact where <see cref="CompactForm"/> covers it, JSON otherwise.</summary>
    public RowValue Write(Receipt receipt) =>
        CompactForm.Covers(receipt) ? WriteCompact(receipt, CompactForm.Write) : WriteJson(receipt, LedgerJson.Write);

    /// <summary>The event's postings as JSON, gathered in the thread's list (emptied again, so it keeps no entry alive).</summary>
    public RowValue WritePostings(WalletEvent e, string walletId)
    {
        var postings = Scratch.OfThisThread.Postings;
        e.PostingsInto(walletId, postings);
        try
        {
            return WriteJson<IReadOnlyList<Posting>>(postings, PostingsJson.Write);
        }
        finally
        {
            postings.Clear();
        }
    }

    public RowValue WriteJson<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var scratch = Scratch.Start();
        scratch.Json.Reset(scratch.Bytes);
        write(scratch.Json, value);
        scratch.Json.Flush();
        return KeepAndRelease(scratch);
    }

    private RowValue WriteCompact<T>(T value, Action<CompactWriter, T> write)
    {
        var scratch = Scratch.Start();
        scratch.Compact.Reset(scratch.Bytes);
        write(scratch.Compact, value);
        return KeepAndRelease(scratch);
    }

    private RowValue KeepAndRelease(Scratch scratch)
    {
        var kept = Keep(scratch.Bytes.WrittenSpan);
        // A rare large value would otherwise stay with the thread for good.
        if (scratch.Bytes.Capacity > ChunkBytes) t_scratch = null;
        return kept;
    }

    private RowValue Keep(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ChunkBytes) return new RowValue(bytes.ToArray());
        if (ChunkBytes - _used < bytes.Length)
        {
            _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkBytes));
            _used = 0;
        }
        var chunk = _chunks[^1];
        bytes.CopyTo(chunk.AsSpan(_used));
        var kept = new ReadOnlyMemory<byte>(chunk, _used, bytes.Length);
        _used += bytes.Length;
        return new RowValue(kept);
    }

    public void Dispose()
    {
        foreach (var chunk in _chunks) ArrayPool<byte>.Shared.Return(chunk);
        _chunks.Clear();
        _used = ChunkBytes;
    }

    private sealed class Scratch
    {
        public readonly ArrayBufferWriter<byte> Bytes = new(2048);
        public readonly Utf8JsonWriter Json;
        public readonly CompactWriter Compact = new();
        public readonly List<Posting> Postings = new(8);

        private Scratch() => Json = new Utf8JsonWriter(Bytes);

        public static Scratch OfThisThread => t_scratch ??= new Scratch();

        public static Scratch Start()
        {
            var scratch = OfThisThread;
            scratch.Bytes.ResetWrittenCount();
            return scratch;
        }
    }
}
