using System.Buffers;
using System.Text.Json;
using Waterfall.Domain.Finance;

namespace Waterfall.Finance.Journal;

/// <summary>
/// JSON Lines (one JSON object per line, <c>application/x-ndjson</c>), chosen over one streamed array
/// so a reader can process a line as it arrives and a cut-off download is visibly incomplete at a line
/// boundary. Amounts are exact: <c>debit</c>/<c>credit</c> as integers of the unit (usd: nano-dollars)
/// and as decimal text in <c>debit_text</c>/<c>credit_text</c>.
/// </summary>
public sealed class JournalJsonLines : JournalFormat
{
    [ThreadStatic] private static Utf8JsonWriter? _writer;

    public override string ContentType => "application/x-ndjson";

    public override string FileExtension => "jsonl";

    public override void WriteHeader(IBufferWriter<byte> output)
    {
    }

    public override void Write(JournalRow row, IBufferWriter<byte> output)
    {
        var json = _writer ??= new Utf8JsonWriter(output);
        json.Reset(output);
        var a = row.Attribution;
        json.WriteStartObject();
        json.WriteString("transaction_id", row.TransactionId);
        json.WriteString("wallet_id", row.WalletId);
        json.WriteNumber("seq", row.Sequence);
        json.WriteString("at", JournalText.Time(row.At));
        json.WriteString("kind", row.Kind.ToString());
        json.WriteNumber("line", row.Line);
        json.WriteString("account", row.Account);
        json.WriteString("unit", row.Unit.Code);
        json.WriteNumber("debit", row.Debit);
        json.WriteNumber("credit", row.Credit);
        json.WriteString("debit_text", JournalText.Quantity(row.Debit, row.Unit));
        json.WriteString("credit_text", JournalText.Quantity(row.Credit, row.Unit));
        Optional(json, "grant_id", row.Grant?.Value);
        Optional(json, "hold_id", row.Hold?.Value);
        Optional(json, "idempotency_key", row.IdempotencyKey);
        Optional(json, "customer_id", a.CustomerId);
        Optional(json, "agent_id", a.AgentId);
        Optional(json, "request_id", a.RequestId);
        Optional(json, "model", a.Model);
        Optional(json, "provider", a.Provider);
        Optional(json, "end_user", a.EndUser);
        json.WriteEndObject();
        json.Flush();
        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null) json.WriteString(name, value);
    }
}
