using Npgsql;
using Waterfall.Ledger;
using Waterfall.Storage.Postgres;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

/// <summary>A fresh, migrated database per test, and the silo settings that point at it.</summary>
internal static class PostgresStore
{
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

[Collection("postgres")]
public sealed class PostgresCrashTests(PostgresFixture postgres) : CrashContract, IAsyncDisposable
{
    private string? _connectionString;
    private NpgsqlDataSource? _source;

    protected override async Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync()
    {
        _connectionString = await PostgresStore.NewDatabaseAsync(postgres);
        return PostgresStore.Settings(_connectionString);
    }

    protected override Task<IWalletJournal> OpenJournalAsync()
    {
        _source = NpgsqlDataSource.Create(_connectionString!);
        return Task.FromResult<IWalletJournal>(new GroupCommitJournal(new PostgresLedgerStore(_source)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_source is not null) await _source.DisposeAsync();
    }
}

[Collection("postgres")]
public sealed class PostgresRestartTests(PostgresFixture postgres) : RestartContract
{
    protected override async Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() =>
        PostgresStore.Settings(await PostgresStore.NewDatabaseAsync(postgres));
}
