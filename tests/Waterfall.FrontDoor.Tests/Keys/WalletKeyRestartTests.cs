namespace Waterfall.FrontDoor.Tests.Keys;

/// <summary>Wallet keys are grain state in the embedded store: a silo started again on the same file still knows them.</summary>
public sealed class WalletKeyRestartTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-keys-restart-{Guid.NewGuid():N}");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Keys_and_their_revocations_survive_a_silo_restart_on_the_embedded_store()
    {
        string walletId, kept, keptId, revoked;
        var first = await StartAsync();
        try
        {
            var (wallet, key) = await first.WalletWithKeyAsync();
            using var client = first.Client();
            var other = await client.CreateWalletKeyAsync(wallet, name: "to revoke");
            await client.RevokeWalletKeyAsync(wallet, other.KeyId);
            (walletId, kept, keptId, revoked) = (wallet, key.Secret, key.KeyId, other.Secret);
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = await StartAsync();
        try
        {
            var grantee = await second.ResolveAsync(kept);
            using var client = second.Client();
            var listed = await client.ListWalletKeysAsync(walletId);

            Assert.Equal((walletId, keptId, "agent-7", 50_000_000L), (grantee?.WalletId, grantee?.KeyId, grantee?.AgentId, grantee?.PerRequestCap));
            Assert.Null(await second.ResolveAsync(revoked));
            Assert.Equal([false, true], listed.Select(k => k.RevokedAt is not null));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private async Task<SiloFixture> StartAsync()
    {
        var silo = new SiloFixture { DataDirectory = _directory, KeepsData = true };
        await silo.InitializeAsync();
        return silo;
    }
}
