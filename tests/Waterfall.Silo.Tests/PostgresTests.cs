using Waterfall.Ledger;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;

[Collection("postgres")]
public sealed class PostgresCrashTests(PostgresFixture postgres) : CrashContract, IAsyncDisposable
{
    private readonly PostgresStore _store = new(postgres);

    protected override Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() => _store.SettingsAsync();

    protected override Task<IWalletJournal> OpenJournalAsync() => Task.FromResult<IWalletJournal>(new GroupCommitJournal(_store.OpenLedger()));

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}

[Collection("postgres")]
public sealed class PostgresRestartTests(PostgresFixture postgres) : RestartContract
{
    protected override async Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() =>
        PostgresStore.Settings(await PostgresStore.NewDatabaseAsync(postgres));
}
