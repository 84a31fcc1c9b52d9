using System.Buffers;
using System.Text.Json;

namespace Waterfall.Ledger.Rows;

/// <summary>
/// Where one batch's rows write their JSON: one reused writer, and the bytes copied into pooled chunks that the
/// rows point into until the batch is written. Chunks stay under the large-object threshold and go back to the
/// pool when the batch is disposed, so a batch leaves no JSON behind for the garbage collector.
/// </summary>
internal sealed class RowJsonBuffer : IDisposable
{
    private const int ChunkBytes = 64 * 1024;

    private readonly ArrayBufferWriter<byte> _scratch = new(2048);
    private readonly List<byte[]> _chunks = [];
    private Utf8JsonWriter? _writer;
    private int _used = ChunkBytes;

    public Utf8Json Write<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        _scratch.ResetWrittenCount();
        if (_writer is null) _writer = new Utf8JsonWriter(_scratch);
        else _writer.Reset(_scratch);
        write(_writer, value);
        _writer.Flush();
        return Keep(_scratch.WrittenSpan);
    }

    private Utf8Json Keep(ReadOnlySpan<byte> json)
    {
        if (json.Length > ChunkBytes) return new Utf8Json(json.ToArray());
        if (ChunkBytes - _used < json.Length)
        {
            _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkBytes));
            _used = 0;
        }
        var chunk = _chunks[^1];
        json.CopyTo(chunk.AsSpan(_used));
        var kept = new ReadOnlyMemory<byte>(chunk, _used, json.Length);
        _used += json.Length;
        return new Utf8Json(kept);
    }

    public void Dispose()
    {
        _writer?.Dispose();
        foreach (var chunk in _chunks) ArrayPool<byte>.Shared.Return(chunk);
        _chunks.Clear();
        _used = ChunkBytes;
    }
}
