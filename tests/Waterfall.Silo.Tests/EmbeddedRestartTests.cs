namespace Waterfall.Silo.Tests;

public sealed class EmbeddedRestartTests : RestartContract, IDisposable
{
    private readonly EmbeddedStore _store = new("restart");

    protected override Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() => Task.FromResult(_store.Settings);

    public void Dispose() => _store.Dispose();
}
