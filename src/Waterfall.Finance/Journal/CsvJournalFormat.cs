using System.Buffers;
using System.Globalization;
using System.Text;
using Waterfall.Domain.Ledger;

namespace Waterfall.Finance.Journal;

/// <summary>
/// The books' own CSV (<see cref="JournalCsv"/>: the golden month's columns and quoting), encoded line by
/// line into the export's buffer, so the finance download and the hand-checked journal are one format.
/// </summary>
public sealed class CsvJournalFormat : JournalFormat
{
    [ThreadStatic] private static StringWriter? _line;

    public override string ContentType => "text/csv; charset=utf-8";

    public override string FileExtension => "csv";

    public override void WriteHeader(IBufferWriter<byte> output) => Encode(JournalCsv.Header + "\r\n", output);

    public override void Write(JournalLine line, IBufferWriter<byte> output)
    {
        var writer = _line ??= new StringWriter(new StringBuilder(256), CultureInfo.InvariantCulture);
        var text = writer.GetStringBuilder();
        text.Clear();
        JournalCsv.Write(writer, line);
        foreach (var chunk in text.GetChunks()) Encode(chunk.Span, output);
    }

    private static void Encode(ReadOnlySpan<char> text, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
