using Microsoft.Extensions.DependencyInjection;
using Waterfall.Api.V1;
using Waterfall.Client;
using Waterfall.FrontDoor.Auth;

namespace Waterfall.FrontDoor.Tests.Keys;

/// <summary>What the wallet key tests share: a fresh wallet, a key for it, the resolver, and refusals.</summary>
internal static class WalletKeyKit
{
    public static string NewWalletId() => $"w-{Guid.NewGuid():N}";

    public static async Task<string> NewWalletAsync(this SiloFixture silo, string apiKey = SiloFixture.AdminKey)
    {
        using var client = silo.Client(apiKey);
        var walletId = NewWalletId();
        await client.CreateWalletAsync(walletId);
        return walletId;
    }

    /// <summary>A new wallet and a key for it with an agent, two allowed models and a USD 0.05 cap.</summary>
    public static async Task<(string WalletId, WalletKey Key)> WalletWithKeyAsync(this SiloFixture silo)
    {
        var walletId = await silo.NewWalletAsync();
        using var client = silo.Client();
        var key = await client.CreateWalletKeyAsync(walletId, name: "support bot", agentId: "agent-7",
            allowedModels: ["gpt-4o", "gpt-4o-mini"], perRequestCap: Amounts.Usd(0.05m));
        return (walletId, key);
    }

    public static WalletKeys Resolver(this SiloFixture silo) => silo.Services.GetRequiredService<WalletKeys>();

    public static Task<WalletKeyGrantee?> ResolveAsync(this SiloFixture silo, string presentedKey) =>
        silo.Resolver().ResolveAsync(presentedKey, CancellationToken.None);

    public static async Task<WaterfallException> Refused(Func<Task> call) => await Assert.ThrowsAsync<WaterfallException>(call);
}
