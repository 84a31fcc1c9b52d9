using Npgsql;
using Waterfall.TestSupport;

namespace Waterfall.Storage.Postgres.Tests;

/// <summary>
/// The stored queries run directly, the way the Orleans providers run them (text from OrleansQuery, named
/// parameters), for the edge cases a healthy two-silo cluster rarely hits: stale versions and ring ranges
/// that wrap around.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StoredQueryTests(PostgresFixture postgres)
{
    private static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task The_cluster_version_row_is_created_once()
    {
        var database = await MigratedDatabaseAsync();

        Assert.Equal(1, await RunScalarAsync(database, "InsertMembershipVersionKey", ("DeploymentId", "c1")));
        Assert.Equal(0, await RunScalarAsync(database, "InsertMembershipVersionKey", ("DeploymentId", "c1")));
        Assert.Equal(0, await Db.ScalarAsync<int>(database, "SELECT Version FROM OrleansMembershipVersionTable WHERE DeploymentId = 'c1'"));
    }

    [Fact]
    public async Task Inserting_a_silo_with_a_stale_cluster_version_writes_nothing()
    {
        var database = await MigratedDatabaseAsync();
        await RunScalarAsync(database, "InsertMembershipVersionKey", ("DeploymentId", "c1"));

        Assert.Equal(1, await InsertSiloAsync(database, port: 11111, version: 0));
        Assert.Equal(0, await InsertSiloAsync(database, port: 22222, version: 0));
        Assert.Equal(0, await InsertSiloAsync(database, port: 11111, version: 1));

        Assert.Equal(1L, await Db.ScalarAsync<long>(database, "SELECT count(*) FROM OrleansMembershipTable"));
        Assert.Equal(1, await Db.ScalarAsync<int>(database, "SELECT Version FROM OrleansMembershipVersionTable"));
    }

    [Fact]
    public async Task Updating_a_silo_with_a_stale_cluster_version_changes_nothing()
    {
        var database = await MigratedDatabaseAsync();
        await RunScalarAsync(database, "InsertMembershipVersionKey", ("DeploymentId", "c1"));
        await InsertSiloAsync(database, port: 11111, version: 0);

        Assert.Equal(0, await UpdateSiloAsync(database, status: 6, version: 0));
        Assert.Equal(3, await Db.ScalarAsync<int>(database, "SELECT Status FROM OrleansMembershipTable"));
        Assert.Equal(1, await UpdateSiloAsync(database, status: 6, version: 1));
        Assert.Equal(6, await Db.ScalarAsync<int>(database, "SELECT Status FROM OrleansMembershipTable"));
        Assert.Equal(2, await Db.ScalarAsync<int>(database, "SELECT Version FROM OrleansMembershipVersionTable"));
    }

    [Fact]
    public async Task Reading_one_silo_returns_the_cluster_version_even_when_the_silo_is_unknown()
    {
        var database = await MigratedDatabaseAsync();
        await RunScalarAsync(database, "InsertMembershipVersionKey", ("DeploymentId", "c1"));

        var rows = await RunRowsAsync(database, "MembershipReadRowKey",
            ("DeploymentId", "c1"), ("Address", "127.0.0.1"), ("Port", 1), ("Generation", 1));

        var row = Assert.Single(rows);
        Assert.Null(row["StartTime"]);
        Assert.Equal(0, row["Version"]);
    }

    [Fact]
    public async Task Reminder_ranges_that_wrap_around_the_ring_select_both_ends()
    {
        var database = await MigratedDatabaseAsync();
        foreach (var hash in new[] { int.MinValue, -100, 0, 100, int.MaxValue })
        {
            await RunScalarAsync(database, "UpsertReminderRowKey",
                ("ServiceId", "s"), ("GrainId", $"g/{hash}"), ("ReminderName", "r"), ("StartTime", Now), ("Period", 60_000), ("GrainHash", hash));
        }

        var inside = await ReminderHashesAsync(database, "ReadRangeRows1Key", begin: -100, end: 100);
        var wrapped = await ReminderHashesAsync(database, "ReadRangeRows2Key", begin: 100, end: -100);

        Assert.Equal([0, 100], inside);
        Assert.Equal([int.MinValue, -100, int.MaxValue], wrapped);
    }

    [Fact]
    public async Task Upserting_a_reminder_bumps_its_etag_and_a_delete_needs_the_current_one()
    {
        var database = await MigratedDatabaseAsync();
        (string, object?)[] reminder = [("ServiceId", "s"), ("GrainId", "g/1"), ("ReminderName", "r"), ("StartTime", Now), ("Period", 60_000L), ("GrainHash", 1)];

        Assert.Equal(0, await RunScalarAsync(database, "UpsertReminderRowKey", reminder));
        Assert.Equal(1, await RunScalarAsync(database, "UpsertReminderRowKey", reminder));

        (string, object?)[] key = [("ServiceId", "s"), ("GrainId", "g/1"), ("ReminderName", "r")];
        Assert.Equal(0, await RunScalarAsync(database, "DeleteReminderRowKey", [.. key, ("Version", 0)]));
        Assert.Equal(1, await RunScalarAsync(database, "DeleteReminderRowKey", [.. key, ("Version", 1)]));
        Assert.Empty(await RunRowsAsync(database, "ReadReminderRowKey", key));
    }

    private async Task<string> MigratedDatabaseAsync()
    {
        var database = await postgres.CreateDatabaseAsync();
        await new PostgresMigrator().MigrateAsync(database);
        return database;
    }

    private static Task<int> InsertSiloAsync(string database, int port, int version) =>
        RunScalarAsync(database, "InsertMembershipKey",
            ("DeploymentId", "c1"), ("Address", "127.0.0.1"), ("Port", port), ("Generation", 7), ("SiloName", $"s{port}"),
            ("HostName", "h"), ("Status", 3), ("ProxyPort", 30000), ("StartTime", Now), ("IAmAliveTime", Now), ("Version", version));

    private static Task<int> UpdateSiloAsync(string database, int status, int version) =>
        RunScalarAsync(database, "UpdateMembershipKey",
            ("DeploymentId", "c1"), ("Address", "127.0.0.1"), ("Port", 11111), ("Generation", 7), ("Status", status),
            ("SuspectTimes", null), ("IAmAliveTime", Now), ("Version", version));

    private static async Task<List<int>> ReminderHashesAsync(string database, string key, int begin, int end)
    {
        var rows = await RunRowsAsync(database, key, ("ServiceId", "s"), ("BeginHash", begin), ("EndHash", end));
        return rows.Select(r => int.Parse(((string)r["GrainId"]!)[2..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
    }

    private static async Task<int> RunScalarAsync(string database, string queryKey, params (string Name, object? Value)[] parameters)
    {
        var rows = await RunRowsAsync(database, queryKey, parameters);
        return rows.Count == 0 ? -1 : Convert.ToInt32(rows[0].Values.Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<Dictionary<string, object?>>> RunRowsAsync(string database, string queryKey, params (string Name, object? Value)[] parameters)
    {
        var text = await Db.ScalarAsync<string>(database, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = @key", ("key", queryKey))
            ?? throw new InvalidOperationException($"No query {queryKey}.");
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(text, connection);
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
                parameter.DbType = System.Data.DbType.String;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < reader.FieldCount; i++)
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
