using System.Buffers;
using Waterfall.Domain.Ledger;

namespace Waterfall.Finance.Journal;

/// <summary>
/// Writes journal rows to a stream as they come: rows are encoded into one reused buffer that is
/// handed to the stream whenever it holds <see cref="ChunkBytes"/>, so memory stays at one buffer
/// whatever the period's size, and the first bytes leave before the last row is read.
/// </summary>
public static class JournalExport
{
    public const int ChunkBytes = 64 * 1024;

    /// <summary>Writes the header and every row; returns how many rows (lines after the header) were written.</summary>
    public static async Task<long> WriteAsync(IAsyncEnumerable<JournalLine> lines, JournalFormat format, Stream output, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(ChunkBytes + 4096);
        format.WriteHeader(buffer);
        long count = 0;
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            format.Write(line, buffer);
            count++;
            if (buffer.WrittenCount >= ChunkBytes)
            {
                await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }
        if (buffer.WrittenCount > 0) await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await output.FlushAsync(cancellationToken);
        return count;
    }
}
