using System.Buffers;
using System.Globalization;
using System.Text;
using Waterfall.Ledger.Rows;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Waterfall.Storage.Sqlite;

/// <summary>
/// Inserts rows of one table through SQLite's own API: one statement, prepared once on the writer
/// connection, bound by position, stepped and reset per row. Microsoft.Data.Sqlite binds every
/// parameter by name on every execution, which made binding the dearest part of a batch.
/// </summary>
internal sealed class SqliteBulkInsert : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;

    public SqliteBulkInsert(SqliteConnection connection, string table, string[] columns, string? onConflict = null)
    {
        _connection = connection;
        var sql = new StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES (");
        sql.Append(string.Join(", ", columns.Select((_, i) => $"?{i + 1}"))).Append(')');
        if (onConflict is not null) sql.Append(' ').Append(onConflict);
        Check(raw.sqlite3_prepare_v2(connection.Handle, sql.ToString(), out _statement));
    }

    /// <summary>Writes every row; must run inside the writer connection's open transaction.</summary>
    public void Insert<TRow>(IReadOnlyList<TRow> rows, Action<RowBinder, TRow> bind)
    {
        var binder = new RowBinder(_statement);
        foreach (var row in rows)
        {
            bind(binder, row);
            var result = raw.sqlite3_step(_statement);
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
            if (result != raw.SQLITE_DONE) Check(result);
        }
    }

    private void Check(int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE))
            throw new SqliteException(raw.sqlite3_errmsg(_connection.Handle).utf8_to_string(), result);
    }

    public void Dispose() => _statement.Dispose();

    /// <summary>Binds the values of one row, by position (1-based, in column order).</summary>
    /// <remarks>
    /// Text is handed to SQLite as UTF-8 spans, which it copies (SQLITE_TRANSIENT): binding a string through
    /// SQLitePCL allocates its UTF-8 copy on every bind, a dozen per row.
    /// </remarks>
    public readonly struct RowBinder(sqlite3_stmt statement)
    {
        private const int StackBytes = 512;

        public void Bind(int position, string? value)
        {
            if (value is null)
            {
                raw.sqlite3_bind_null(statement, position);
                return;
            }
            var most = Encoding.UTF8.GetMaxByteCount(value.Length);
            byte[]? rented = most > StackBytes ? ArrayPool<byte>.Shared.Rent(most) : null;
            Span<byte> utf8 = rented ?? stackalloc byte[StackBytes];
            var length = Encoding.UTF8.GetBytes(value, utf8);
            raw.sqlite3_bind_text(statement, position, utf8[..length]);
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }

        /// <summary>JSON as text, the compact form as a blob: the column keeps both (its reader tells them apart by type).</summary>
        public void Bind(int position, RowValue value)
        {
            if (value.IsCompact) raw.sqlite3_bind_blob(statement, position, value.Bytes.Span);
            else raw.sqlite3_bind_text(statement, position, value.Bytes.Span);
        }

        /// <summary>A timestamp as the text every row stores (<see cref="SqliteLedgerStore.Iso"/>).</summary>
        public void Bind(int position, DateTimeOffset value)
        {
            Span<byte> utf8 = stackalloc byte[40];
            if (!value.UtcDateTime.TryFormat(utf8, out var length, SqliteLedgerStore.IsoFormat, CultureInfo.InvariantCulture))
                throw new InvalidOperationException("A timestamp did not fit its buffer.");
            raw.sqlite3_bind_text(statement, position, utf8[..length]);
        }

        public void Bind(int position, long value) => raw.sqlite3_bind_int64(statement, position, value);

        public void Bind(int position, long? value)
        {
            if (value is { } v) raw.sqlite3_bind_int64(statement, position, v);
            else raw.sqlite3_bind_null(statement, position);
        }
    }
}
