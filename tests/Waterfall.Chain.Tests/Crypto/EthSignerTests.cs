using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Tests.Support;
using Waterfall.ChainTestSupport;

namespace Waterfall.Chain.Tests.Crypto;

public class EthSignerTests
{
    private static readonly BigInteger HalfN =
        BigInteger.Parse("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", System.Globalization.NumberStyles.HexNumber);

    [Fact]
    public void The_private_key_derives_the_anvil_account_address()
    {
        var key = AnvilAccounts.Account0Key;

        Assert.Equal(AnvilAccounts.Account0, key.Address);
        Assert.Equal(65, key.PublicKey.Length);
        Assert.Equal(0x04, key.PublicKey[0]);
    }

    [Fact]
    public void The_public_key_hashes_to_the_address()
    {
        var key = AnvilAccounts.Account0Key;

        var hash = Keccak256.Hash(key.PublicKey.AsSpan(1));

        Assert.Equal(key.Address.ToArray(), hash.Span[12..].ToArray());
    }

    [Fact]
    public void ToString_of_a_private_key_shows_the_address_and_never_the_secret()
    {
        var key = AnvilAccounts.Account0Key;
        var secretDigits = AnvilAccounts.Account0PrivateKeyHex[2..];

        var text = key.ToString();
        var signerText = new EthSigner(key).ToString();

        Assert.Contains(AnvilAccounts.Account0.ToString(), text);
        Assert.DoesNotContain(secretDigits, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(secretDigits[..16], text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(secretDigits[..16], signerText, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")] // n itself
    [InlineData("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void A_private_key_outside_1_to_n_minus_1_is_rejected(string hex) =>
        Assert.Throws<ArgumentException>(() => EthPrivateKey.FromHex(hex));

    [Theory]
    [InlineData("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")]
    [InlineData("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff")]
    public void A_private_key_that_is_not_32_bytes_of_prefixed_hex_is_rejected_without_echoing_it(string hex)
    {
        var e = Assert.Throws<FormatException>(() => EthPrivateKey.FromHex(hex));
        Assert.DoesNotContain("ac0974bec39a", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_largest_valid_private_key_n_minus_1_signs_and_recovers()
    {
        var key = EthPrivateKey.FromHex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140");
        var digest = Keccak256.HashUtf8("edge");

        var signature = new EthSigner(key).SignDigest(digest);

        Assert.Equal(key.Address, EcRecover.RecoverAddress(digest, signature));
    }

    [Fact]
    public void Signing_is_deterministic()
    {
        var signer = new EthSigner(AnvilAccounts.Account0Key);
        var digest = Keccak256.HashUtf8("same input");

        Assert.Equal(signer.SignDigest(digest), signer.SignDigest(digest));
        Assert.NotEqual(signer.SignDigest(digest), signer.SignDigest(Keccak256.HashUtf8("other input")));
    }

    [Fact]
    public void Generated_keys_are_distinct_and_usable()
    {
        var a = EthPrivateKey.Generate();
        var b = EthPrivateKey.Generate();
        var digest = Keccak256.HashUtf8("x");

        Assert.NotEqual(a.Address, b.Address);
        Assert.Equal(a.Address, EcRecover.RecoverAddress(digest, new EthSigner(a).SignDigest(digest)));
    }

    private static readonly Gen<(byte[] Key, byte[] Digest)> KeysAndDigests =
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[32])
            .Where(t => IsValidKey(t.Item1))
            .Select(t => (t.Item1, t.Item2));

    [Fact]
    public void Sign_then_recover_gives_back_the_signer_for_random_keys_and_digests() =>
        Check.Sample(KeysAndDigests, t =>
        {
            var key = EthPrivateKey.FromBytes(t.Key);
            var digest = new Bytes32(t.Digest);

            var signature = new EthSigner(key).SignDigest(digest);

            Assert.Equal(key.Address, EcRecover.RecoverAddress(digest, signature));
            Assert.Equal(key.PublicKey, EcRecover.RecoverPublicKey(digest, signature));
        }, iter: 300);

    [Fact]
    public void Signatures_are_always_low_s_with_v_27_or_28() =>
        Check.Sample(KeysAndDigests, t =>
        {
            var signature = new EthSigner(EthPrivateKey.FromBytes(t.Key)).SignDigest(new Bytes32(t.Digest));

            Assert.True(signature.S.ToUInt256() <= HalfN, $"high s: {signature.S}");
            Assert.True(signature.S.ToUInt256() > 0);
            Assert.InRange(signature.V, (byte)27, (byte)28);
        }, iter: 300);

    [Fact]
    public void A_signature_does_not_recover_the_signer_for_a_different_digest() =>
        Check.Sample(KeysAndDigests, t =>
        {
            var key = EthPrivateKey.FromBytes(t.Key);
            var signature = new EthSigner(key).SignDigest(new Bytes32(t.Digest));
            var other = (byte[])t.Digest.Clone();
            other[0] ^= 1;

            var recovered = EcRecover.TryRecoverAddress(new Bytes32(other), signature, out var address);

            Assert.False(recovered && address == key.Address);
        }, iter: 100);

    private static bool IsValidKey(byte[] key)
    {
        var d = new BigInteger(key, isUnsigned: true, isBigEndian: true);
        return d > 0 && d < HalfN * 2 + 1;
    }
}
