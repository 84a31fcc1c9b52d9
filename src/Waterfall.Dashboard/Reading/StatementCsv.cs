using System.Text;
using Waterfall.Domain.Finance;
using Waterfall.Domain.Money;
using Waterfall.Domain.Ledger;

namespace Waterfall.Dashboard.Reading;

/// <summary>
/// A wallet statement as RFC 4180 CSV in the journal export's conventions (<see cref="JournalCsv"/>: exact decimals, ISO 8601 UTC,
/// CRLF, caller-chosen text that a spreadsheet would run as a formula prefixed with an apostrophe): an
/// opening row per unit, one row per unit a transaction changed, a closing row per unit.
/// </summary>
public static class StatementCsv
{
    public const string Header = "wallet_id,seq,at,kind,unit,change,idempotency_key,model";

    public static string Write(WalletStatement statement)
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var amount in statement.Opening) Row(csv, statement.WalletId, null, statement.From, "opening", amount, null, null);
        foreach (var line in statement.Lines)
            foreach (var change in line.Changes)
                Row(csv, statement.WalletId, line.Sequence, line.At, line.Kind.ToString(), change, line.IdempotencyKey, line.Attribution.Model);
        foreach (var amount in statement.Closing) Row(csv, statement.WalletId, null, statement.To, "closing", amount, null, null);
        return csv.ToString();
    }

    private static void Row(StringBuilder csv, string walletId, long? seq, DateTimeOffset at, string kind, Amount amount, string? key, string? model)
    {
        Text(csv, walletId).Append(',').Append(seq).Append(',').Append(JournalCsv.Date(at)).Append(',').Append(kind).Append(',')
            .Append(amount.Unit.Code).Append(',').Append(JournalCsv.Amount(amount.Value, amount.Unit)).Append(',');
        Text(csv, key).Append(',');
        Text(csv, model).Append("\r\n");
    }

    private static StringBuilder Text(StringBuilder csv, string? value)
    {
        if (string.IsNullOrEmpty(value)) return csv;
        var formula = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        if (!formula && value.AsSpan().IndexOfAny(",\"\r\n") < 0) return csv.Append(value);
        return csv.Append('"').Append(formula ? "'" : "").Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
