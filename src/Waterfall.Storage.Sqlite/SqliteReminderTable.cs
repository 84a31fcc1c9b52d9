using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans;
using Orleans.Runtime;

namespace Waterfall.Storage.Sqlite;

/// <summary>
/// Orleans' reminder table in the embedded SQLite file, so reminders (a wallet's next deadline)
/// survive a restart like the ledger does. The contract is Orleans' own: an upsert always wins and
/// returns a new etag; a removal needs the current etag; a range read by grain hash (begin, end]
/// wraps around when begin is not below end.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at, period, version";
    private readonly string _connectionString;

    public SqliteReminderTable(SqliteLedgerOptions options)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(options.Path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = options.Path, Pooling = true, DefaultTimeout = 30 }.ToString();
        SqliteMigrator.Migrate(_connectionString);
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Read($"SELECT {Columns} FROM reminders WHERE grain_id = $id", c => c.Parameters.AddWithValue("$id", grainId.ToString()));

    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        Read(begin < end
                ? $"SELECT {Columns} FROM reminders WHERE grain_hash > $begin AND grain_hash <= $end"
                : $"SELECT {Columns} FROM reminders WHERE grain_hash > $begin OR grain_hash <= $end",
            c =>
            {
                c.Parameters.AddWithValue("$begin", (long)begin);
                c.Parameters.AddWithValue("$end", (long)end);
            });

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await Read($"SELECT {Columns} FROM reminders WHERE grain_id = $id AND reminder_name = $name", c =>
        {
            c.Parameters.AddWithValue("$id", grainId.ToString());
            c.Parameters.AddWithValue("$name", reminderName);
        });
        return rows.Reminders.Count == 0 ? null : rows.Reminders[0];
    }

    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO reminders (grain_id, reminder_name, grain_hash, start_at, period, version)
            VALUES ($id, $name, $hash, $start, $period, 1)
            ON CONFLICT (grain_id, reminder_name) DO UPDATE
                SET start_at = excluded.start_at, period = excluded.period, version = reminders.version + 1
            RETURNING version
            """;
        command.Parameters.AddWithValue("$id", entry.GrainId.ToString());
        command.Parameters.AddWithValue("$name", entry.ReminderName);
        command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
        command.Parameters.AddWithValue("$start", entry.StartAt.ToUniversalTime().Ticks);
        command.Parameters.AddWithValue("$period", entry.Period.Ticks);
        var version = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        return Task.FromResult<string?>(version.ToString(CultureInfo.InvariantCulture));
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return Task.FromResult(false);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders WHERE grain_id = $id AND reminder_name = $name AND version = $version";
        command.Parameters.AddWithValue("$id", grainId.ToString());
        command.Parameters.AddWithValue("$name", reminderName);
        command.Parameters.AddWithValue("$version", version);
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    public Task TestOnlyClearTable()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders";
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    private Task<ReminderTableData> Read(string sql, Action<SqliteCommand> bind)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        using var reader = command.ExecuteReader();
        var entries = new List<ReminderEntry>();
        while (reader.Read())
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        return Task.FromResult(new ReminderTableData(entries));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout=10000;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
