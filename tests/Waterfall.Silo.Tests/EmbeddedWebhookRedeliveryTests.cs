using Waterfall.Ledger;
using Waterfall.Storage.Sqlite;

namespace Waterfall.Silo.Tests;

public sealed class EmbeddedWebhookRedeliveryTests : WebhookRedeliveryContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-hooks-{Guid.NewGuid():N}");
    private SqliteLedgerStore? _store;

    private string DatabasePath => Path.Combine(_directory, "ledger.db");

    protected override Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["Waterfall:Store:Kind"] = "embedded",
            ["Waterfall:Store:Embedded:Path"] = DatabasePath,
        });

    protected override Task<IEventOutbox> OpenOutboxAsync()
    {
        _store ??= new SqliteLedgerStore(new SqliteLedgerOptions { Path = DatabasePath });
        return Task.FromResult<IEventOutbox>(_store);
    }

    public void Dispose()
    {
        _store?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
