using Microsoft.Data.Sqlite;
using Waterfall.Storage.Sqlite;

namespace Waterfall.Ledger.Tests;

public sealed class SqliteLedgerStoreTests : LedgerStoreContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-sqlite-{Guid.NewGuid():N}");
    private readonly List<SqliteLedgerStore> _stores = [];

    private string DatabasePath => Path.Combine(_directory, "ledger.db");

    protected override Task<ILedgerStore> CreateStoreAsync() => ReopenAsync();

    protected override Task<ILedgerStore> ReopenAsync()
    {
        var store = new SqliteLedgerStore(new SqliteLedgerOptions { Path = DatabasePath });
        _stores.Add(store);
        return Task.FromResult<ILedgerStore>(store);
    }

    protected override Task<long> CountAsync(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Task.FromResult(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Migrations_apply_once_and_are_recorded()
    {
        var connection = $"Data Source={Path.Combine(_directory, "migrations.db")}";
        Directory.CreateDirectory(_directory);

        var first = SqliteMigrator.Migrate(connection);
        var second = SqliteMigrator.Migrate(connection);

        Assert.Equal(["0001_ledger", "0002_grain_state", "0003_end_user", "0004_ledger_by_tenant_time", "0005_event_outbox"], first);
        Assert.Empty(second);
    }

    [Fact]
    public async Task A_file_from_before_the_end_user_upgrades_on_open_keeping_its_rows_and_postings()
    {
        var old = new Scenario("t1", "old").Debits(2);
        using (var store = new SqliteLedgerStore(new SqliteLedgerOptions { Path = DatabasePath }))
            await store.WriteAsync([new JournalAppend(old.Key, old.TakeEntries())], default);
        // Take the file back to how a build without the end user left it.
        Execute("""
            ALTER TABLE ledger_transactions DROP COLUMN end_user;
            ALTER TABLE usage_records DROP COLUMN end_user;
            DELETE FROM waterfall_schema_migrations WHERE name = '0003_end_user';
            """);

        var upgraded = (SqliteLedgerStore)await ReopenAsync();
        var fresh = new Scenario("t1", "new").EveryEventKind();
        await upgraded.WriteAsync([new JournalAppend(fresh.Key, fresh.TakeEntries())], default);

        Assert.Equal(4, (await upgraded.ReadLedgerAsync(old.Key, 0, 100, default)).Count);
        Assert.Equal(6, await CountAsync("SELECT COUNT(*) FROM ledger_postings WHERE wallet_id = 'old'")); // the grant and two debits, two postings each
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM ledger_transactions WHERE wallet_id = 'old' AND end_user IS NOT NULL"));
        Assert.Equal(1, await CountAsync($"SELECT COUNT(*) FROM usage_records WHERE wallet_id = 'new' AND end_user = '{Scenario.EndUser}'"));
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
