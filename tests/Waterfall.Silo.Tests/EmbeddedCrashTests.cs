using Waterfall.Ledger;

namespace Waterfall.Silo.Tests;

public sealed class EmbeddedCrashTests : CrashContract, IDisposable
{
    private readonly EmbeddedStore _store = new("crash");

    protected override Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() => Task.FromResult(_store.Settings);

    protected override Task<IWalletJournal> OpenJournalAsync() => Task.FromResult(_store.OpenJournal());

    public void Dispose() => _store.Dispose();
}
