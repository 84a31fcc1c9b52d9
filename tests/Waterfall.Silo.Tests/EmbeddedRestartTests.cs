namespace Waterfall.Silo.Tests;

public sealed class EmbeddedRestartTests : RestartContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-restart-{Guid.NewGuid():N}");

    protected override Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["Waterfall:Store:Kind"] = "embedded",
            ["Waterfall:Store:Embedded:Path"] = Path.Combine(_directory, "ledger.db"),
        });

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
