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

    [Fact]
    public async Task A_batch_statement_kept_between_batches_writes_each_batch_as_if_new()
    {
        // The store keeps its batch statements and their parameters between batches: batches of different shapes (every
        // event kind, plain debits, a refused stale append) from writers running at once must each land exactly.
        var store = (PostgresLedgerStore)await ReopenAsync();
        var wallets = Enumerable.Range(0, 6).Select(i => i % 2 == 0 ? new Scenario("t1", $"kept-{i}").EveryEventKind() : new Scenario("t1", $"kept-{i}").Debits(3)).ToList();
        var first = wallets.Select(w => w.TakeEntries()).ToList();
        await Task.WhenAll(wallets.Select((w, i) => store.WriteAsync([new JournalAppend(w.Key, first[i])], default)));

        var stale = await store.WriteAsync([new JournalAppend(wallets[1].Key, first[1]), new JournalAppend(wallets[3].Key, wallets[3].Debits(2).TakeEntries())], default);
        await Task.WhenAll(wallets.Select(w => store.WriteAsync([new JournalAppend(w.Key, w.Debits(1).TakeEntries())], default)));

        Assert.Equal([0], stale);
        for (var i = 0; i < wallets.Count; i++)
            Assert.Equal(first[i].Count + (i == 3 ? 3 : 1), (await store.LoadAsync(wallets[i].Key, default)).Events.Count);
        Assert.Equal(first.Sum(f => f.Count) + 2 + wallets.Count, await CountAsync("SELECT count(*) FROM ledger_transactions WHERE wallet_id LIKE 'kept-%'"));
    }

    public async Task DisposeAsync()
    {
        foreach (var source in _sources) await source.DisposeAsync();
    }
}
