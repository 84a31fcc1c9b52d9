using CsCheck;
using Waterfall.FrontDoor.Auth;

namespace Waterfall.FrontDoor.Tests.Keys;

/// <summary>The key text format: what is generated parses back to itself, and any change to it is another key or none.</summary>
public class WalletKeyTextProperties
{
    [Fact]
    public void A_generated_key_parses_to_its_id_and_a_secret_that_hashes_to_the_stored_hash()
    {
        Gen.Int[0, 100].Sample(_ =>
        {
            var (keyId, text, hash) = WalletKeyText.Generate();
            Assert.Equal(WalletKeyText.Length, text.Length);
            Assert.True(WalletKeyText.TryParse(text, out var parsedId, out var secret));
            Assert.Equal(keyId, parsedId);
            Assert.True(WalletKeyText.IsKeyId(keyId));
            Assert.Equal(hash, WalletKeyText.HashSecret(secret));
        }, iter: 200);
    }

    [Fact]
    public void Changing_any_one_character_of_a_key_either_breaks_its_shape_or_changes_its_id_or_secret_hash()
    {
        var (keyId, text, hash) = WalletKeyText.Generate();
        Gen.Select(Gen.Int[0, text.Length - 1], Gen.Char["abcdefghijklmnopqrstuvwxyz234567_-ABZ09"]).Where(t => text[t.Item1] != t.Item2).Sample((position, replacement) =>
        {
            var changed = string.Concat(text.AsSpan(0, position), replacement.ToString(), text.AsSpan(position + 1));
            if (!WalletKeyText.TryParse(changed, out var id, out var secret)) return;
            Assert.True(id != keyId || !WalletKeyText.HashSecret(secret).AsSpan().SequenceEqual(hash));
        }, iter: 2_000);
    }

    [Fact]
    public void Generated_keys_do_not_repeat_ids_or_secrets()
    {
        var keys = Enumerable.Range(0, 10_000).Select(_ => WalletKeyText.Generate()).ToList();

        Assert.Equal(keys.Count, keys.Select(k => k.KeyId).Distinct().Count());
        Assert.Equal(keys.Count, keys.Select(k => k.Text).Distinct().Count());
    }
}
