using Npgsql;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger.Serialization;
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
        // The data source the silo uses: statements prepared on each connection after their second use.
        var source = PostgresLedgerStore.CreateDataSource(_connectionString);
        _sources.Add(source);
        return Task.FromResult<ILedgerStore>(new PostgresLedgerStore(source));
    }

    protected override async Task StoreAsJsonAsync(WalletKey wallet, JournalEntry entry)
    {
        await using var source = NpgsqlDataSource.Create(_connectionString);
        await using var batch = source.CreateBatch();
        var transaction = new NpgsqlBatchCommand("UPDATE ledger_transactions SET event = $4, event_compact = NULL WHERE tenant_id = $1 AND wallet_id = $2 AND seq = $3");
        var key = new NpgsqlBatchCommand("UPDATE idempotency_keys SET receipt = $4, receipt_compact = NULL WHERE tenant_id = $1 AND wallet_id = $2 AND seq = $3");
        foreach (var (command, json) in new[] { (transaction, LedgerJson.Serialize(entry.Event)), (key, entry.Receipt is { } r ? LedgerJson.Serialize(r) : "") })
        {
            foreach (var value in new object[] { wallet.TenantId, wallet.WalletId, entry.Event.Sequence, json }) command.Parameters.Add(new NpgsqlParameter { Value = value });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
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
        // The store keeps its batch statements and their parameters between batches, and each statement is prepared on
        // its connection after its second use. Batches without usage records (empty columns) and then with them, writers
        // running at once, and a refused stale append must each land exactly as if the statement were new.
        var store = (PostgresLedgerStore)await ReopenAsync();
        var wallets = Enumerable.Range(0, 6).Select(i => new Scenario("t1", $"kept-{i}")).ToList();
        var written = new int[wallets.Count];
        async Task WriteAsync(int i, IReadOnlyList<JournalEntry> entries)
        {
            Assert.Empty(await store.WriteAsync([new JournalAppend(wallets[i].Key, entries)], default));
            written[i] += entries.Count;
        }

        foreach (var i in new[] { 1, 3, 5 }) await WriteAsync(i, wallets[i].Debits(2).TakeEntries());
        foreach (var i in new[] { 0, 2, 4 }) await WriteAsync(i, wallets[i].EveryEventKind().TakeEntries());
        for (var round = 0; round < 3; round++)
            await Task.WhenAll(Enumerable.Range(0, wallets.Count).Select(i => WriteAsync(i, wallets[i].Debits(1 + i % 3).TakeEntries())));
        var stale = wallets[0].Debits(1).TakeEntries();
        await WriteAsync(0, stale);
        var bystander = wallets[1].Debits(1).TakeEntries();
        var refused = await store.WriteAsync([new JournalAppend(wallets[0].Key, stale), new JournalAppend(wallets[1].Key, bystander)], default);
        written[1] += bystander.Count;

        Assert.Equal([0], refused);
        for (var i = 0; i < wallets.Count; i++)
            Assert.Equal(written[i], (await store.LoadAsync(wallets[i].Key, default)).Events.Count);
        Assert.Equal(written.Sum(), await CountAsync("SELECT count(*) FROM ledger_transactions WHERE wallet_id LIKE 'kept-%'"));
    }

    public async Task DisposeAsync()
    {
        foreach (var source in _sources) await source.DisposeAsync();
    }
}
