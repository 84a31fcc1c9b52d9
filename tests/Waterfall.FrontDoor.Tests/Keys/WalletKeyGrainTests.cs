using Microsoft.Extensions.DependencyInjection;
using Waterfall.Contracts.Keys;
using Waterfall.FrontDoor.Auth;

namespace Waterfall.FrontDoor.Tests.Keys;

/// <summary>The key grain's own rules, which the API cannot reach because it draws a fresh id per key.</summary>
public class WalletKeyGrainTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private IGrainFactory Grains => silo.Services.GetRequiredService<IGrainFactory>();

    private static CreateWalletKey Command(string walletId, byte[] hash, string name = "ci") =>
        new("e2e", walletId, name, null, ["gpt-4o"], 1_000, hash);

    [Fact]
    public async Task Creating_the_same_key_again_answers_the_first_one()
    {
        var (keyId, _, hash) = WalletKeyText.Generate();
        var walletId = await silo.NewWalletAsync();
        var grain = Grains.WalletKey(keyId);

        var first = await grain.Create(Command(walletId, hash));
        var again = await grain.Create(Command(walletId, hash));

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.Receipt!.CreatedAt, again.Receipt!.CreatedAt);
        Assert.Equal([keyId], await Grains.WalletKeyIndex("e2e", walletId).List());
    }

    [Theory]
    [InlineData("name")]
    [InlineData("secret")]
    [InlineData("wallet")]
    public async Task An_id_that_holds_a_key_refuses_a_different_one_and_keeps_the_first(string difference)
    {
        var (keyId, _, hash) = WalletKeyText.Generate();
        var walletId = await silo.NewWalletAsync();
        var grain = Grains.WalletKey(keyId);
        await grain.Create(Command(walletId, hash));
        var different = difference switch
        {
            "name" => Command(walletId, hash, name: "other"),
            "secret" => Command(walletId, WalletKeyText.Generate().SecretHash),
            _ => Command("another-wallet", hash),
        };

        var refused = await grain.Create(different);

        Assert.Equal("WALLET_KEY_ALREADY_EXISTS", refused.Refusal?.Reason);
        var kept = await grain.Get();
        Assert.Equal(("ci", walletId), (kept?.Name, kept?.WalletId));
        Assert.Equal(hash, kept?.SecretHash);
        Assert.Empty(await Grains.WalletKeyIndex("e2e", "another-wallet").List());
    }
}
