using Waterfall.Storage.Sqlite;

namespace Waterfall.Ledger.Tests;

public sealed class SqliteLedgerReaderTests : LedgerReaderContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-reader-{Guid.NewGuid():N}");
    private readonly List<SqliteLedgerStore> _stores = [];

    protected override Task<(ILedgerStore Store, ILedgerReader Reader)> CreateAsync()
    {
        var path = Path.Combine(_directory, "ledger.db");
        var store = new SqliteLedgerStore(new SqliteLedgerOptions { Path = path });
        _stores.Add(store);
        // The reader a command would open on the file, not the store's own.
        return Task.FromResult<(ILedgerStore, ILedgerReader)>((store, new SqliteLedgerReader(path)));
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
