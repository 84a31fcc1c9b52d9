using Npgsql;
using Waterfall.Storage.Postgres;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

/// <summary>
/// A fresh, migrated database of one test's own on the collection's server (<see cref="PostgresFixture"/>), the
/// silo settings that point at it, and the test's own reading of it through one data source, disposed with the test.
/// The Postgres counterpart of <see cref="EmbeddedStore"/>; a test class holds one per test, so no two tests share a database.
/// </summary>
public sealed class PostgresStore(PostgresFixture postgres) : IAsyncDisposable
{
    private string? _connectionString;
    private NpgsqlDataSource? _source;

    /// <summary>Creates the test's database and answers the settings that point a silo at it.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SettingsAsync()
    {
        _connectionString = await NewDatabaseAsync(postgres);
        return Settings(_connectionString);
    }

    /// <summary>The test's own reading of the database the silo wrote to.</summary>
    public PostgresLedgerStore OpenLedger() =>
        new(_source ??= NpgsqlDataSource.Create(_connectionString ?? throw new InvalidOperationException("Ask for the settings first: they create the database.")));

    public async ValueTask DisposeAsync()
    {
        if (_source is not null) await _source.DisposeAsync();
    }

    public static async Task<string> NewDatabaseAsync(PostgresFixture postgres)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await new PostgresMigrator().MigrateAsync(connectionString);
        return connectionString;
    }

    public static Dictionary<string, string> Settings(string connectionString) => new()
    {
        ["Waterfall:Store:Kind"] = "postgres",
        ["Waterfall:Store:Postgres:ConnectionString"] = connectionString,
        ["Waterfall:Cluster:ClusterId"] = $"c-{Guid.NewGuid():N}",
    };
}
