using System.Buffers;
using Waterfall.Domain.Ledger;

namespace Waterfall.Finance.Journal;

/// <summary>How journal lines are written: a header (maybe empty), then one line per row, as UTF-8.</summary>
public abstract class JournalFormat
{
    public static readonly JournalFormat Csv = new CsvJournalFormat();
    public static readonly JournalFormat JsonLines = new JournalJsonLines();

    /// <summary>The format named by the <c>format</c> parameter: <c>csv</c> or <c>json</c> (JSON Lines); null for anything else.</summary>
    public static JournalFormat? Named(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "csv" => Csv,
        "json" or "jsonl" or "ndjson" => JsonLines,
        _ => null,
    };

    public abstract string ContentType { get; }

    public abstract string FileExtension { get; }

    public abstract void WriteHeader(IBufferWriter<byte> output);

    public abstract void Write(JournalLine line, IBufferWriter<byte> output);
}
