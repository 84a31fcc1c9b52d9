using System.Text;
using Waterfall.Client;
using Waterfall.FrontDoor.Auth;

namespace Waterfall.FrontDoor.Tests.Keys;

/// <summary>What the gateway relies on: a presented key resolves to its grantee, and nothing else resolves.</summary>
public class WalletKeyResolverTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task A_fresh_key_resolves_to_its_tenant_wallet_agent_models_and_cap()
    {
        var (walletId, key) = await silo.WalletWithKeyAsync();

        var grantee = await silo.ResolveAsync(key.Secret);

        Assert.NotNull(grantee);
        Assert.Equal("e2e", grantee.TenantId);
        Assert.Equal(walletId, grantee.WalletId);
        Assert.Equal(key.KeyId, grantee.KeyId);
        Assert.Equal("support bot", grantee.Name);
        Assert.Equal("agent-7", grantee.AgentId);
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], grantee.AllowedModels);
        Assert.Equal(50_000_000, grantee.PerRequestCap);
    }

    [Fact]
    public async Task A_revoked_key_no_longer_resolves()
    {
        var (walletId, key) = await silo.WalletWithKeyAsync();
        Assert.NotNull(await silo.ResolveAsync(key.Secret));
        using var client = silo.Client();

        await client.RevokeWalletKeyAsync(walletId, key.KeyId);

        Assert.Null(await silo.ResolveAsync(key.Secret));
    }

    [Fact]
    public async Task Revoking_one_key_leaves_the_wallets_other_keys_working()
    {
        var (walletId, revoked) = await silo.WalletWithKeyAsync();
        using var client = silo.Client();
        var kept = await client.CreateWalletKeyAsync(walletId, name: "kept");

        await client.RevokeWalletKeyAsync(walletId, revoked.KeyId);

        Assert.Null(await silo.ResolveAsync(revoked.Secret));
        Assert.Equal(kept.KeyId, (await silo.ResolveAsync(kept.Secret))?.KeyId);
    }

    [Fact]
    public async Task A_key_with_a_wrong_secret_does_not_resolve()
    {
        var (_, key) = await silo.WalletWithKeyAsync();
        var last = key.Secret[^1];
        var wrong = key.Secret[..^1] + (last == 'a' ? 'b' : 'a');

        Assert.Null(await silo.ResolveAsync(wrong));
        Assert.NotNull(await silo.ResolveAsync(key.Secret));
    }

    [Fact]
    public async Task Another_keys_secret_does_not_unlock_a_key_id()
    {
        var (_, first) = await silo.WalletWithKeyAsync();
        var (_, second) = await silo.WalletWithKeyAsync();
        var secretOfSecond = second.Secret[(WalletKeyText.Prefix.Length + WalletKeyText.KeyIdLength + 1)..];

        Assert.Null(await silo.ResolveAsync($"{WalletKeyText.Prefix}{first.KeyId}_{secretOfSecond}"));
    }

    [Fact]
    public async Task An_unknown_key_id_does_not_resolve()
    {
        var (_, text, _) = WalletKeyText.Generate(); // the right shape, never stored

        Assert.Null(await silo.ResolveAsync(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("wf_wk_")]
    [InlineData("e2e-admin-key")]
    [InlineData("wf_wk_aaaaaaaaaaaaaaaa")]
    [InlineData("wf_wk_aaaaaaaaaaaaaaaa_tooshort")]
    [InlineData("wf_wk_AAAAAAAAAAAAAAAA_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("wf_wk_aaaaaaaaaaaaaaaa-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("wf_wk_aaaaaaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1")]
    [InlineData("wf_wk_aaaaaaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_malformed_key_does_not_resolve(string text)
    {
        Assert.Null(await silo.ResolveAsync(text));
    }

    [Fact]
    public async Task Surrounding_whitespace_is_forgiven_but_a_changed_case_is_not()
    {
        var (_, key) = await silo.WalletWithKeyAsync();

        Assert.NotNull(await silo.ResolveAsync($" {key.Secret}\n"));
        Assert.Null(await silo.ResolveAsync(key.Secret.ToUpperInvariant()));
    }

    [Fact]
    public void Wallet_keys_are_told_apart_from_api_keys_by_their_prefix()
    {
        Assert.True(WalletKeys.LooksLikeWalletKey("wf_wk_anything"));
        Assert.False(WalletKeys.LooksLikeWalletKey("wf_demo_admin_key"));
        Assert.False(WalletKeys.LooksLikeWalletKey("sk-proj-123"));
        Assert.Equal("UNAUTHENTICATED", WalletKeys.NotAccepted.Reason);
    }

    [Fact]
    public async Task The_store_holds_no_secret_only_its_hash()
    {
        var (_, key) = await silo.WalletWithKeyAsync();
        var secret = key.Secret[(WalletKeyText.Prefix.Length + WalletKeyText.KeyIdLength + 1)..];

        var stored = StoredBytes();

        // The key id is in the store, so the scan does look where the key lives; the secret is not.
        Assert.True(Contains(stored, key.KeyId), "the key's record was not found in the embedded store");
        Assert.False(Contains(stored, secret), "the secret appears in the embedded store");
        Assert.False(Contains(stored, secret.ToUpperInvariant()), "the secret appears in the embedded store");
        Assert.True(Contains(stored, Convert.ToBase64String(WalletKeyText.HashSecret(secret))), "the secret's SHA-256 was not stored");
    }

    /// <summary>Every byte the embedded store has written: the database, its write-ahead log and any journal.</summary>
    private byte[] StoredBytes()
    {
        using var all = new MemoryStream();
        foreach (var file in Directory.EnumerateFiles(silo.DataDirectory, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.CopyTo(all);
        }
        return all.ToArray();
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
