using System.Globalization;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Ledger;

/// <summary>
/// Journal lines as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a
/// comma, quote or line break), written line by line so an export of any size streams. Numbers and
/// dates use the invariant culture; amounts are exact decimals in their unit (USD to the nano-dollar,
/// counts as whole numbers); dates are UTC ISO 8601. Caller-chosen text that a spreadsheet would run
/// as a formula (starting with = + - @, a tab or a carriage return) is quoted and prefixed with an
/// apostrophe. The one journal format: the golden month, the finance export and the silo command.
/// </summary>
public static class JournalCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "transaction_id", "tenant_id", "wallet_id", "seq", "line", "at", "kind", "account", "account_class", "unit",
        "debit", "credit", "grant_id", "grant_kind", "hold_id", "idempotency_key",
        "customer_id", "agent_id", "model", "provider", "request_id", "end_user", "input_tokens", "output_tokens",
    ];

    public static readonly string Header = string.Join(',', Columns);

    public static void WriteHeader(TextWriter writer) => WriteRecord(writer, Columns);

    public static void Write(TextWriter writer, JournalLine line)
    {
        var a = line.Attribution;
        WriteRecord(writer,
        [
            line.TransactionId, line.Wallet.TenantId, line.Wallet.WalletId, Number(line.Sequence), Number(line.Line), Date(line.At),
            line.Kind.ToString(), line.AccountCode, ClassCode(line.AccountClass), line.Unit.Code,
            line.Debit == 0 ? "" : Amount(line.Debit, line.Unit), line.Credit == 0 ? "" : Amount(line.Credit, line.Unit),
            line.Grant?.Value, line.GrantKind?.Code, line.Hold?.Value, line.IdempotencyKey,
            a.CustomerId, a.AgentId, a.Model, a.Provider, a.RequestId, a.EndUser, a.InputTokens is { } i ? Number(i) : null, a.OutputTokens is { } o ? Number(o) : null,
        ]);
    }

    public static void Write(TextWriter writer, IEnumerable<JournalLine> lines)
    {
        foreach (var line in lines) Write(writer, line);
    }

    /// <summary>An amount as an exact decimal in its unit: USD with nine decimals, counts whole.</summary>
    public static string Amount(long amount, CreditUnit unit) =>
        unit.IsMoney ? NanoDollars.ToUsd(amount).ToString("0.000000000", CultureInfo.InvariantCulture) : Number(amount);

    public static string Date(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string ClassCode(AccountClass accountClass) => accountClass switch
    {
        AccountClass.Asset => "asset",
        AccountClass.Liability => "liability",
        AccountClass.Revenue => "revenue",
        AccountClass.ContraRevenue => "contra_revenue",
        AccountClass.Expense => "expense",
        AccountClass.Memo => "memo",
        _ => accountClass.ToString(),
    };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void WriteRecord(TextWriter writer, IReadOnlyList<string?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) writer.Write(',');
            WriteField(writer, fields[i]);
        }
        writer.Write("\r\n");
    }

    private static void WriteField(TextWriter writer, string? field)
    {
        if (string.IsNullOrEmpty(field)) return;
        var formula = field[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        if (!formula && field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(field);
            return;
        }
        writer.Write('"');
        if (formula) writer.Write('\'');
        writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
