using Microsoft.Data.Sqlite;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger.Serialization;

namespace Waterfall.Storage.Sqlite;

/// <summary>
/// Reads an event or receipt column, which holds JSON text or, for a call's event and receipt, the compact form as a
/// blob (<see cref="StoredForm"/>): SQLite keeps each value's own type, so both sit in one column without a migration,
/// and either comes back as its bytes (text as UTF-8), never as a string built only to be parsed.
/// </summary>
internal static class StoredColumn
{
    public static WalletEvent Event(SqliteDataReader reader, int ordinal) => StoredForm.ReadEvent(reader.GetFieldValue<byte[]>(ordinal));

    public static Receipt Receipt(SqliteDataReader reader, int ordinal) => StoredForm.ReadReceipt(reader.GetFieldValue<byte[]>(ordinal));
}
