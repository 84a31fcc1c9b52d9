using System.Diagnostics;
using System.Security.Cryptography;
using Waterfall.Chain.Primitives;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Waterfall.Chain.Crypto;

/// <summary>
/// A secp256k1 private key. It offers no way to print or export the secret: <see cref="ToString"/>
/// and the debugger show only the address, so a key cannot leak through logs or exception messages.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class EthPrivateKey
{
    private readonly Lazy<(byte[] PublicKey, EthAddress Address)> _public;

    private EthPrivateKey(BigInteger d)
    {
        D = d;
        _public = new(() =>
        {
            var q = Secp256k1.MultiplyG(D);
            return (q.GetEncoded(compressed: false), Secp256k1.AddressOf(q));
        });
    }

    /// <summary>The secret scalar; internal so only the signer in this assembly reads it.</summary>
    internal BigInteger D { get; }

    /// <summary>A key from 32 big-endian bytes, which must be a scalar in [1, n-1].</summary>
    public static EthPrivateKey FromBytes(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != 32)
            throw new ArgumentException("A private key is exactly 32 bytes.", nameof(secret));
        var d = Secp256k1.ToScalar(secret);
        // The message deliberately does not quote the bytes.
        return Secp256k1.IsValidScalar(d)
            ? new EthPrivateKey(d)
            : throw new ArgumentException("A private key must be in [1, n-1] of secp256k1.", nameof(secret));
    }

    /// <summary>A key from "0x" + 64 hex digits.</summary>
    public static EthPrivateKey FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (!Hex.TryDecode(hex, out var bytes) || bytes.Length != 32)
            throw new FormatException("A private key is 0x followed by 64 hex digits.");
        try
        {
            return FromBytes(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>A fresh random key from the operating system's CSPRNG.</summary>
    public static EthPrivateKey Generate()
    {
        Span<byte> secret = stackalloc byte[32];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(secret);
                var d = Secp256k1.ToScalar(secret);
                if (Secp256k1.IsValidScalar(d))
                    return new EthPrivateKey(d);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The uncompressed public key, 65 bytes: 0x04 ‖ x ‖ y.</summary>
    public byte[] PublicKey => (byte[])_public.Value.PublicKey.Clone();

    public EthAddress Address => _public.Value.Address;

    /// <summary>Shows the address only, never the secret.</summary>
    public override string ToString() => $"EthPrivateKey({Address})";
}
