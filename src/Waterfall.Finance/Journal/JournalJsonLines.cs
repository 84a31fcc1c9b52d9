using System.Buffers;
using System.Text.Json;
using Waterfall.Domain.Ledger;

namespace Waterfall.Finance.Journal;

/// <summary>
/// JSON Lines (one JSON object per line, <c>application/x-ndjson</c>), chosen over one streamed array
/// so a reader can process a line as it arrives and a cut-off download is visibly incomplete at a line
/// boundary. Member names are the CSV's columns (<see cref="JournalCsv.Columns"/>). Amounts are exact:
/// <c>debit</c>/<c>credit</c> as integers of the unit (usd: nano-dollars) and as decimal text in
/// <c>debit_text</c>/<c>credit_text</c>.
/// </summary>
public sealed class JournalJsonLines : JournalFormat
{
    [ThreadStatic] private static Utf8JsonWriter? _writer;

    public override string ContentType => "application/x-ndjson";

    public override string FileExtension => "jsonl";

    public override void WriteHeader(IBufferWriter<byte> output)
    {
    }

    public override void Write(JournalLine line, IBufferWriter<byte> output)
    {
        var json = _writer ??= new Utf8JsonWriter(output);
        json.Reset(output);
        var a = line.Attribution;
        json.WriteStartObject();
        json.WriteString("transaction_id", line.TransactionId);
        json.WriteString("tenant_id", line.Wallet.TenantId);
        json.WriteString("wallet_id", line.Wallet.WalletId);
        json.WriteNumber("seq", line.Sequence);
        json.WriteNumber("line", line.Line);
        json.WriteString("at", JournalCsv.Date(line.At));
        json.WriteString("kind", line.Kind.ToString());
        json.WriteString("account", line.AccountCode);
        json.WriteString("account_class", JournalCsv.ClassCode(line.AccountClass));
        json.WriteString("unit", line.Unit.Code);
        json.WriteNumber("debit", line.Debit);
        json.WriteNumber("credit", line.Credit);
        json.WriteString("debit_text", JournalCsv.Amount(line.Debit, line.Unit));
        json.WriteString("credit_text", JournalCsv.Amount(line.Credit, line.Unit));
        Optional(json, "grant_id", line.Grant?.Value);
        Optional(json, "grant_kind", line.GrantKind?.Code);
        Optional(json, "hold_id", line.Hold?.Value);
        Optional(json, "idempotency_key", line.IdempotencyKey);
        Optional(json, "customer_id", a.CustomerId);
        Optional(json, "agent_id", a.AgentId);
        Optional(json, "model", a.Model);
        Optional(json, "provider", a.Provider);
        Optional(json, "request_id", a.RequestId);
        Optional(json, "end_user", a.EndUser);
        if (a.InputTokens is { } input) json.WriteNumber("input_tokens", input);
        if (a.OutputTokens is { } outputTokens) json.WriteNumber("output_tokens", outputTokens);
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
