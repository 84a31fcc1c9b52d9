using Npgsql;
using Waterfall.Ledger;
using Waterfall.Storage.Postgres;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

[Collection("postgres")]
public sealed class PostgresWebhookRedeliveryTests(PostgresFixture postgres) : WebhookRedeliveryContract, IAsyncDisposable
{
    private string? _connectionString;
    private NpgsqlDataSource? _source;

    protected override async Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync()
    {
        _connectionString = await PostgresStore.NewDatabaseAsync(postgres);
        return PostgresStore.Settings(_connectionString);
    }

    protected override Task<IEventOutbox> OpenOutboxAsync()
    {
        _source ??= NpgsqlDataSource.Create(_connectionString!);
        return Task.FromResult<IEventOutbox>(new PostgresLedgerStore(_source));
    }

    public async ValueTask DisposeAsync()
    {
        if (_source is not null) await _source.DisposeAsync();
    }
}
