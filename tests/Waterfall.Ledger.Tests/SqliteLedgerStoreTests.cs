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

        Assert.Equal(["0001_ledger", "0002_grain_state"], first);
        Assert.Empty(second);
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
