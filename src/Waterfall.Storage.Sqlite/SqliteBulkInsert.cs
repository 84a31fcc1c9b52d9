using System.Text;
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
    public readonly struct RowBinder(sqlite3_stmt statement)
    {
        public void Bind(int position, string? value)
        {
            if (value is null) raw.sqlite3_bind_null(statement, position);
            else raw.sqlite3_bind_text(statement, position, value);
        }

        public void Bind(int position, long value) => raw.sqlite3_bind_int64(statement, position, value);

        public void Bind(int position, long? value)
        {
            if (value is { } v) raw.sqlite3_bind_int64(statement, position, v);
            else raw.sqlite3_bind_null(statement, position);
        }
    }
}
