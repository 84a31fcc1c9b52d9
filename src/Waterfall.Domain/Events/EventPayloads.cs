using System.Globalization;
using System.Text;
using System.Text.Json;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Events;

/// <summary>
/// The payload schemas (version <see cref="EventTypes.PayloadVersion"/>; docs/events.md lists them). Amounts are
/// objects with the integer value as a string (nano-dollars exceed what a JavaScript number holds exactly)
/// and, for USD, the exact decimal.
/// </summary>
public static partial class EventPayloads
{
    public static string Balance(string walletId, BalanceState state) => Write(w =>
    {
        w.WriteString("wallet_id", walletId);
        WriteAmount(w, "available", state.Available, CreditUnit.Usd);
        if (state.Threshold is { } threshold) WriteAmount(w, "threshold", threshold, CreditUnit.Usd);
    });

    public static string GrantExpired(string walletId, GrantExpired e) => Write(w =>
    {
        w.WriteString("wallet_id", walletId);
        w.WriteString("grant_id", e.Grant.Value);
        WriteAmount(w, "breakage", e.Amount.Value, e.Amount.Unit);
        w.WriteString("expired_at", e.At);
    });

    public static string GrantExpiring(string walletId, GrantExpiryNoticed e) => Write(w =>
    {
        w.WriteString("wallet_id", walletId);
        w.WriteString("grant_id", e.Grant.Value);
        WriteAmount(w, "expiring", e.Expiring.Value, e.Expiring.Unit);
        w.WriteString("expires_at", e.ExpiresAt);
    });

    public static string HoldExpired(string walletId, HoldExpired e) => Write(w =>
    {
        w.WriteString("wallet_id", walletId);
        w.WriteString("hold_id", e.Hold.Value);
        w.WriteStartArray("released");
        foreach (var draw in e.Released)
        {
            w.WriteStartObject();
            w.WriteString("grant_id", draw.Grant.Value);
            WriteAmount(w, "amount", draw.Amount, draw.Unit);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static string TopUpSettled(string walletId, TopUpSettled e) => Write(w =>
    {
        w.WriteString("wallet_id", walletId);
        w.WriteString("grant_id", e.Grant.Value);
        WriteAmount(w, "amount", e.Amount.Value, e.Amount.Unit);
        w.WriteString("transaction_hash", e.TransactionHash);
    });

    public static string TopUpReversed(string walletId, TopUpReversed e) => Write(w =>
    {
        w.WriteString("wallet_id", walletId);
        w.WriteString("grant_id", e.Grant.Value);
        WriteAmount(w, "amount", e.Amount.Value, e.Amount.Unit);
        WriteAmount(w, "taken_back", e.TakenBack, e.Amount.Unit);
        WriteAmount(w, "receivable", e.Receivable, e.Amount.Unit);
        w.WriteString("reason", e.Reason);
    });

    public static string Test(string message) => Write(w => w.WriteString("message", message));

    public static string EndpointDisabled(string endpointId, string url, DateTimeOffset failingSince, string lastError) => Write(w =>
    {
        w.WriteString("endpoint_id", endpointId);
        w.WriteString("url", url);
        w.WriteString("failing_since", failingSince);
        w.WriteString("last_error", lastError);
    });

    private static void WriteAmount(Utf8JsonWriter w, string name, long value, CreditUnit unit)
    {
        w.WriteStartObject(name);
        w.WriteString("unit", unit.Code);
        w.WriteString("value", value.ToString(CultureInfo.InvariantCulture));
        if (unit.IsMoney) w.WriteString("usd", NanoDollars.ToUsd(value).ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
