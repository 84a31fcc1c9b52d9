using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Crypto;

/// <summary>
/// Ethereum's keccak256: the original Keccak submission with domain padding 0x01. It is NOT the
/// standardised SHA3-256 (padding 0x06), and the two give different digests for every input, so
/// this deliberately builds on BouncyCastle's <see cref="KeccakDigest"/> and never on Sha3Digest.
/// </summary>
public static class Keccak256
{
    public static Bytes32 Hash(ReadOnlySpan<byte> data)
    {
        // A fresh digest a call keeps this thread-safe; it is cheap to create.
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data);
        Span<byte> output = stackalloc byte[32];
        digest.DoFinal(output);
        return new Bytes32(output);
    }

    /// <summary>Hashes several parts as if concatenated, without allocating the concatenation.</summary>
    public static Bytes32 HashConcat(params ReadOnlySpan<byte[]> parts)
    {
        var digest = new KeccakDigest(256);
        foreach (var part in parts)
            digest.BlockUpdate(part);
        Span<byte> output = stackalloc byte[32];
        digest.DoFinal(output);
        return new Bytes32(output);
    }

    /// <summary>Hash of the UTF-8 bytes of a text: type strings, function and event signatures.</summary>
    public static Bytes32 HashUtf8(string text) => Hash(Encoding.UTF8.GetBytes(text));
}
