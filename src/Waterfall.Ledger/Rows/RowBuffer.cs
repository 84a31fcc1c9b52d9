using System.Buffers;
using System.Text.Json;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger.Serialization;
using Waterfall.Ledger.Serialization.Compact;

namespace Waterfall.Ledger.Rows;

/// <summary>
/// Where one batch's rows write their values: one reused JSON writer and one compact writer, and the bytes copied into
/// pooled chunks that the rows point into until the batch is written. Chunks stay under the large-object threshold and
/// go back to the pool when the batch is disposed, so a batch leaves no row bytes behind for the garbage collector.
/// </summary>
internal sealed class RowBuffer : IDisposable
{
    private const int ChunkBytes = 64 * 1024;

    private readonly ArrayBufferWriter<byte> _scratch = new(2048);
    private readonly List<byte[]> _chunks = [];
    private readonly CompactWriter _compact = new();
    private Utf8JsonWriter? _writer;
    private int _used = ChunkBytes;

    /// <summary>The event in its stored form: compact where <see cref="CompactForm"/> covers it, JSON otherwise.</summary>
    public RowValue Write(WalletEvent e) =>
        CompactForm.Covers(e) ? WriteCompact(e, CompactForm.Write) : WriteJson(e, LedgerJson.Write);

    /// <summary>The receipt in its stored form: compact where <see cref="CompactForm"/> covers it, JSON otherwise.</summary>
    public RowValue Write(Receipt receipt) =>
        CompactForm.Covers(receipt) ? WriteCompact(receipt, CompactForm.Write) : WriteJson(receipt, LedgerJson.Write);

    public RowValue WriteJson<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        _scratch.ResetWrittenCount();
        if (_writer is null) _writer = new Utf8JsonWriter(_scratch);
        else _writer.Reset(_scratch);
        write(_writer, value);
        _writer.Flush();
        return Keep(_scratch.WrittenSpan);
    }

    private RowValue WriteCompact<T>(T value, Action<CompactWriter, T> write)
    {
        _scratch.ResetWrittenCount();
        _compact.Reset(_scratch);
        write(_compact, value);
        return Keep(_scratch.WrittenSpan);
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
        _writer?.Dispose();
        foreach (var chunk in _chunks) ArrayPool<byte>.Shared.Return(chunk);
        _chunks.Clear();
        _used = ChunkBytes;
    }
}
