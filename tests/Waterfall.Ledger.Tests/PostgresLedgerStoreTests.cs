using Npgsql;
using Waterfall.Storage.Postgres;
using Waterfall.TestSupport;

namespace Waterfall.Ledger.Tests;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

[Collection("postgres")]
public sealed class PostgresLedgerStoreTests(PostgresFixture postgres) : LedgerStoreContract, IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _sources = [];
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _connectionString = await postgres.CreateDatabaseAsync();
        await new PostgresMigrator().MigrateAsync(_connectionString, default);
    }

    protected override Task<ILedgerStore> CreateStoreAsync() => ReopenAsync();

    protected override Task<ILedgerStore> ReopenAsync()
    {
        var source = NpgsqlDataSource.Create(_connectionString);
        _sources.Add(source);
        return Task.FromResult<ILedgerStore>(new PostgresLedgerStore(source));
    }

    protected override async Task<long> CountAsync(string sql)
    {
        await using var source = NpgsqlDataSource.Create(_connectionString);
        await using var command = source.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Two_writers_racing_for_the_same_wallet_never_both_win()
    {
        var first = (PostgresLedgerStore)await ReopenAsync();
        var second = (PostgresLedgerStore)await ReopenAsync();
        var start = new Scenario().Debits(1);
        await first.WriteAsync([new JournalAppend(start.Key, start.TakeEntries())], default);

        // Both activations decided sequence 4 from the same state; each also carries another wallet.
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
        {
            var contender = new Scenario().Debits(2).TakeEntries().Skip(3).ToList();
            var bystander = new Scenario("t1", $"bystander-{i}").Debits(1);
            return (i == 0 ? first : second).WriteAsync([new JournalAppend(start.Key, contender), new JournalAppend(bystander.Key, bystander.TakeEntries())], default);
        }));

        Assert.Equal(1, results.Count(r => r.SetEquals([0]))); // exactly one lost the wallet...
        Assert.All(results, r => Assert.DoesNotContain(1, r)); // ...and nobody's bystander was harmed
        Assert.Equal(4, (await first.LoadAsync(start.Key, default)).Events.Count);
    }

    public async Task DisposeAsync()
    {
        foreach (var source in _sources) await source.DisposeAsync();
    }
}
