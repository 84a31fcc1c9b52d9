using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Signers;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Crypto;

/// <summary>
/// Signs 32-byte digests with a private key. Nonces are RFC 6979 deterministic (HMAC-SHA-256), as in
/// viem/noble and ethers, so the same key and digest always give the same signature, byte for byte;
/// that is what lets tests pin signatures against the reference stack and avoids any reliance on a
/// random number generator at signing time.
/// </summary>
public sealed class EthSigner
{
    private readonly EthPrivateKey _key;

    public EthSigner(EthPrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
    }

    public EthAddress Address => _key.Address;

    /// <summary>Signs a digest that is already the hash to sign (EIP-712 digest, transaction signing hash).</summary>
    public EthSignature SignDigest(Bytes32 digest)
    {
        var hash = digest.ToArray();
        var e = Secp256k1.ToScalar(hash);
        var d = _key.D;
        var n = Secp256k1.N;
        var kCalculator = new HMacDsaKCalculator(new Sha256Digest());
        kCalculator.Init(n, d, hash);
        while (true)
        {
            var k = kCalculator.NextK();
            var point = Secp256k1.MultiplyG(k);
            var x = point.AffineXCoord.ToBigInteger();
            // x ≥ n would need recovery ids 2/3, which v = 27/28 cannot express, so take the next k instead.
            // (A deviation from plain RFC 6979 that happens with probability about 2^-128.)
            if (x.CompareTo(n) >= 0)
                continue;
            var r = x;
            var s = k.ModInverse(n).Multiply(e.Add(d.Multiply(r))).Mod(n);
            if (r.SignValue == 0 || s.SignValue == 0)
                continue;
            var yParity = point.AffineYCoord.TestBitZero() ? 1 : 0;
            // Low-s: replacing s by n - s signs with -k, whose point -R has the opposite y parity.
            if (s.CompareTo(Secp256k1.HalfN) > 0)
            {
                s = n.Subtract(s);
                yParity ^= 1;
            }
            return new EthSignature(new Bytes32(Secp256k1.To32Bytes(r)), new Bytes32(Secp256k1.To32Bytes(s)), yParity);
        }
    }

    public override string ToString() => $"EthSigner({Address})";
}
