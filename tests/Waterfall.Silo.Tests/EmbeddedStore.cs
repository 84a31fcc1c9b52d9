using Waterfall.Ledger;
using Waterfall.Storage.Sqlite;

namespace Waterfall.Silo.Tests;

/// <summary>
/// An embedded store file of one test class's own, as the silo processes under test are told to use it, and
/// the test's own reading of it. Each reading opens the file anew, so it sees what the processes wrote.
/// </summary>
public sealed class EmbeddedStore(string purpose) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-{purpose}-{Guid.NewGuid():N}");
    private SqliteLedgerStore? _store;

    private string DatabasePath => Path.Combine(_directory, "ledger.db");

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Waterfall:Store:Kind"] = "embedded",
        ["Waterfall:Store:Embedded:Path"] = DatabasePath,
    };

    public IWalletJournal OpenJournal()
    {
        _store?.Dispose();
        _store = new SqliteLedgerStore(new SqliteLedgerOptions { Path = DatabasePath });
        return new GroupCommitJournal(_store);
    }

    public void Dispose()
    {
        _store?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
