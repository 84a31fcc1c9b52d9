using Org.BouncyCastle.Math.EC;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Crypto;

/// <summary>
/// Recovers the signer of a digest, as the EVM's ecrecover precompile does. x402 verification relies on
/// it: a payment authorization is valid only if it recovers to the payer's address.
/// </summary>
public static class EcRecover
{
    /// <summary>The address that signed <paramref name="digest"/>; throws when no public key fits.</summary>
    public static EthAddress RecoverAddress(Bytes32 digest, EthSignature signature) =>
        TryRecoverAddress(digest, signature, out var address)
            ? address
            : throw new ArgumentException("The signature does not recover to any public key.", nameof(signature));

    public static bool TryRecoverAddress(Bytes32 digest, EthSignature signature, out EthAddress address)
    {
        var point = RecoverPoint(digest, signature);
        address = point is null ? default : Secp256k1.AddressOf(point);
        return point is not null;
    }

    /// <summary>The uncompressed public key (0x04 ‖ x ‖ y) that signed <paramref name="digest"/>.</summary>
    public static byte[] RecoverPublicKey(Bytes32 digest, EthSignature signature) =>
        RecoverPoint(digest, signature)?.GetEncoded(compressed: false)
        ?? throw new ArgumentException("The signature does not recover to any public key.", nameof(signature));

    // Q = r⁻¹ (s·R − e·G), where R is the curve point with x = r and the signature's y parity.
    private static ECPoint? RecoverPoint(Bytes32 digest, EthSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var n = Secp256k1.N;
        var r = Secp256k1.ToScalar(signature.R.Span);
        var s = Secp256k1.ToScalar(signature.S.Span);
        var e = Secp256k1.ToScalar(digest.Span);

        var compressed = new byte[33];
        compressed[0] = (byte)(0x02 | signature.YParity);
        signature.R.Span.CopyTo(compressed.AsSpan(1));
        ECPoint rPoint;
        try
        {
            rPoint = Secp256k1.Curve.DecodePoint(compressed);
        }
        catch (ArgumentException)
        {
            return null; // r is not the x of any curve point
        }

        var rInverse = r.ModInverse(n);
        var u1 = e.Negate().Mod(n).Multiply(rInverse).Mod(n);
        var u2 = s.Multiply(rInverse).Mod(n);
        var q = ECAlgorithms.SumOfTwoMultiplies(Secp256k1.G, u1, rPoint, u2).Normalize();
        return q.IsInfinity ? null : q;
    }
}
