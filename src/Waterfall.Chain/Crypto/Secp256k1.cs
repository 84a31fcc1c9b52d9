using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Utilities;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Crypto;

/// <summary>
/// The curve and the arithmetic shared by signing and recovery, kept internal so that the public API
/// speaks only in bytes and Ethereum types and never leaks BouncyCastle's BigInteger.
/// </summary>
internal static class Secp256k1
{
    // CustomNamedCurves has the fast, constant-time field arithmetic for secp256k1.
    private static readonly X9ECParameters Parameters = CustomNamedCurves.GetByName("secp256k1");

    private static readonly FixedPointCombMultiplier GMultiplier = new();

    internal static ECCurve Curve => Parameters.Curve;

    internal static ECPoint G => Parameters.G;

    internal static BigInteger N => Parameters.N;

    /// <summary>n/2: the largest s allowed since EIP-2 (Homestead) made high-s signatures malleable-invalid.</summary>
    internal static readonly BigInteger HalfN = Parameters.N.ShiftRight(1);

    internal static BigInteger ToScalar(ReadOnlySpan<byte> bigEndian) => new(1, bigEndian);

    internal static byte[] To32Bytes(BigInteger value) => BigIntegers.AsUnsignedByteArray(32, value);

    internal static bool IsValidScalar(BigInteger value) => value.SignValue > 0 && value.CompareTo(N) < 0;

    internal static ECPoint MultiplyG(BigInteger k) => GMultiplier.Multiply(G, k).Normalize();

    /// <summary>The 64 bytes x‖y of a point, the form Ethereum hashes to get an address.</summary>
    internal static byte[] XY(ECPoint point)
    {
        var encoded = point.Normalize().GetEncoded(compressed: false);
        return encoded.AsSpan(1).ToArray();
    }

    /// <summary>address = the last 20 bytes of keccak256(x‖y).</summary>
    internal static EthAddress AddressOf(ECPoint publicKey) =>
        new(Keccak256.Hash(XY(publicKey)).Span[12..]);
}
