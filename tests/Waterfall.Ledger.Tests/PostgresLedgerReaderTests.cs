using Npgsql;
using Waterfall.Storage.Postgres;
using Waterfall.TestSupport;

namespace Waterfall.Ledger.Tests;

[Collection("postgres")]
public sealed class PostgresLedgerReaderTests(PostgresFixture postgres) : LedgerReaderContract, IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _sources = [];

    protected override async Task<(ILedgerStore Store, ILedgerReader Reader)> CreateAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await new PostgresMigrator().MigrateAsync(connectionString, default);
        var source = NpgsqlDataSource.Create(connectionString);
        _sources.Add(source);
        return (new PostgresLedgerStore(source), new PostgresLedgerReader(source));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var source in _sources) await source.DisposeAsync();
    }
}
