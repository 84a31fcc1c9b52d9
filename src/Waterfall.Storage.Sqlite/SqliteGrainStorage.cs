using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Storage;

namespace Waterfall.Storage.Sqlite;

/// <summary>
/// Orleans grain state in the embedded SQLite file: one row per grain and state name, payloads
/// in the silo's grain storage serializer (System.Text.Json), an etag per write so a stale
/// activation cannot overwrite a newer state.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage
{
    private readonly string _connectionString;
    private readonly IGrainStorageSerializer _serializer;

    public SqliteGrainStorage(SqliteLedgerOptions options, IGrainStorageSerializer serializer)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(options.Path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = options.Path, Pooling = true, DefaultTimeout = 30 }.ToString();
        _serializer = serializer;
        SqliteMigrator.Migrate(_connectionString);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT etag, data FROM grain_state WHERE grain_id = $id AND state_name = $name", grainId, stateName);
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            grainState.ETag = reader.GetString(0);
            grainState.State = _serializer.Deserialize<T>(BinaryData.FromBytes((byte[])reader.GetValue(1)));
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.State = Activator.CreateInstance<T>();
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var etag = Guid.NewGuid().ToString("N");
        using var connection = Open();
        using var command = grainState.ETag is null
            ? Command(connection, "INSERT INTO grain_state (grain_id, state_name, etag, data, updated_at) VALUES ($id, $name, $etag, $data, $at) ON CONFLICT DO NOTHING", grainId, stateName)
            : Command(connection, "UPDATE grain_state SET etag = $etag, data = $data, updated_at = $at WHERE grain_id = $id AND state_name = $name AND etag = $expected", grainId, stateName);
        command.Parameters.AddWithValue("$etag", etag);
        command.Parameters.AddWithValue("$data", _serializer.Serialize(grainState.State).ToArray());
        command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        if (grainState.ETag is not null) command.Parameters.AddWithValue("$expected", grainState.ETag);
        if (command.ExecuteNonQuery() != 1)
            throw new InconsistentStateException($"The stored state of {grainId} ({stateName}) changed since it was read.", "unknown", grainState.ETag ?? "none");
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var connection = Open();
        using var command = Command(connection, "DELETE FROM grain_state WHERE grain_id = $id AND state_name = $name AND ($expected IS NULL OR etag = $expected)", grainId, stateName);
        command.Parameters.AddWithValue("$expected", (object?)grainState.ETag ?? DBNull.Value);
        command.ExecuteNonQuery();
        grainState.ETag = null;
        grainState.State = Activator.CreateInstance<T>();
        grainState.RecordExists = false;
        return Task.CompletedTask;
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

    private static SqliteCommand Command(SqliteConnection connection, string sql, GrainId grainId, string stateName)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", grainId.ToString());
        command.Parameters.AddWithValue("$name", stateName);
        return command;
    }
}
