using Npgsql;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger.Serialization;

namespace Waterfall.Storage.Postgres;

/// <summary>
/// Reads an event or a receipt from its pair of columns (migration 0008): the JSON text at the ordinal given, or, where
/// that is null, the compact form in the bytea column right after it. Ordinals go up, so sequential readers may use it.
/// </summary>
internal static class StoredColumns
{
    public static WalletEvent Event(NpgsqlDataReader reader, int json) =>
        !reader.IsDBNull(json) ? LedgerJson.DeserializeEvent(reader.GetString(json)) : StoredForm.ReadEvent(reader.GetFieldValue<byte[]>(json + 1));

    public static Receipt Receipt(NpgsqlDataReader reader, int json) =>
        !reader.IsDBNull(json) ? LedgerJson.DeserializeReceipt(reader.GetString(json)) : StoredForm.ReadReceipt(reader.GetFieldValue<byte[]>(json + 1));
}
