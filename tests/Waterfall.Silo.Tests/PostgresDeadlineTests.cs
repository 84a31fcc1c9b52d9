using Waterfall.Ledger;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

[Collection("postgres")]
public sealed class PostgresDeadlineTests(PostgresFixture postgres) : DeadlineContract, IAsyncDisposable
{
    private readonly PostgresStore _store = new(postgres);

    protected override Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() => _store.SettingsAsync();

    protected override Task<IWalletJournal> OpenJournalAsync() => Task.FromResult<IWalletJournal>(new GroupCommitJournal(_store.OpenLedger()));

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}
