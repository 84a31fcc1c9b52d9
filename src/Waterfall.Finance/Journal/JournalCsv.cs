using System.Buffers;
using System.Text;
using Waterfall.Domain.Finance;

namespace Waterfall.Finance.Journal;

/// <summary>
/// RFC 4180 CSV (comma, CRLF, quotes doubled), one posting per line; the zero side of debit/credit is
/// empty. Text that a spreadsheet would run as a formula (starting with = + - @ or a tab) is
/// prefixed with an apostrophe: idempotency keys and end users are caller-chosen text.
/// </summary>
public sealed class JournalCsv : JournalFormat
{
    public const string Header =
        "transaction_id,wallet_id,seq,at,kind,line,account,unit,debit,credit,grant_id,hold_id,idempotency_key,customer_id,agent_id,request_id,model,provider,end_user";

    [ThreadStatic] private static StringBuilder? _line;

    public override string ContentType => "text/csv; charset=utf-8";

    public override string FileExtension => "csv";

    public override void WriteHeader(IBufferWriter<byte> output) => Encode(Header + "\r\n", output);

    public override void Write(JournalRow row, IBufferWriter<byte> output)
    {
        var line = _line ??= new StringBuilder(256);
        line.Clear();
        var a = row.Attribution;
        Text(line, row.TransactionId).Append(',');
        Text(line, row.WalletId).Append(',');
        line.Append(row.Sequence).Append(',');
        line.Append(JournalText.Time(row.At)).Append(',');
        line.Append(row.Kind).Append(',');
        line.Append(row.Line).Append(',');
        Text(line, row.Account).Append(',');
        line.Append(row.Unit.Code).Append(',');
        if (row.Debit != 0) line.Append(JournalText.Quantity(row.Debit, row.Unit));
        line.Append(',');
        if (row.Credit != 0) line.Append(JournalText.Quantity(row.Credit, row.Unit));
        line.Append(',');
        Text(line, row.Grant?.Value).Append(',');
        Text(line, row.Hold?.Value).Append(',');
        Text(line, row.IdempotencyKey).Append(',');
        Text(line, a.CustomerId).Append(',');
        Text(line, a.AgentId).Append(',');
        Text(line, a.RequestId).Append(',');
        Text(line, a.Model).Append(',');
        Text(line, a.Provider).Append(',');
        Text(line, a.EndUser).Append("\r\n");
        foreach (var chunk in line.GetChunks()) Encode(chunk.Span, output);
    }

    private static StringBuilder Text(StringBuilder line, string? value)
    {
        if (string.IsNullOrEmpty(value)) return line;
        var formula = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        var quote = formula || value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        if (!quote) return line.Append(value);
        line.Append('"');
        if (formula) line.Append('\'');
        line.Append(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        return line.Append('"');
    }

    private static void Encode(ReadOnlySpan<char> text, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
