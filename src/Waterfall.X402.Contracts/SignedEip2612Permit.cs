using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.TypedData;

namespace Waterfall.X402.Contracts;

/// <summary>An EIP-2612 permit with the owner's signature: 65 bytes r‖s‖v from an EOA, or what a contract owner's ERC-1271 check accepts.</summary>
public sealed record SignedEip2612Permit(Eip2612Permit Permit, byte[] Signature)
{
    /// <summary>Signs the permit's EIP-712 digest over <paramref name="domain"/> (the token's) with the owner's key.</summary>
    public static SignedEip2612Permit Sign(Eip2612Permit permit, Eip712Domain domain, EthSigner signer)
    {
        ArgumentNullException.ThrowIfNull(permit);
        ArgumentNullException.ThrowIfNull(signer);
        return new(permit, signer.SignDigest(permit.Digest(domain)).ToBytes());
    }

    public string SignatureHex => Hex.Encode(Signature);
}
