using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.TypedData;

namespace Waterfall.X402.Contracts;

/// <summary>
/// An EIP-3009 authorization with its signature, as x402's "exact" payload carries it: 65 bytes r‖s‖v
/// from an EOA payer, or whatever a contract payer's ERC-1271 isValidSignature accepts.
/// </summary>
public sealed record SignedEip3009Authorization(Eip3009Authorization Authorization, byte[] Signature)
{
    /// <summary>Signs the authorization's EIP-712 digest over <paramref name="domain"/> (the token's) with the payer's key.</summary>
    public static SignedEip3009Authorization Sign(
        Eip3009Authorization authorization,
        Eip712Domain domain,
        EthSigner signer,
        Eip3009Kind kind = Eip3009Kind.TransferWithAuthorization)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(signer);
        return new(authorization, signer.SignDigest(authorization.Digest(domain, kind)).ToBytes());
    }

    /// <summary>The signature as r, s, v when it is a canonical 65-byte ECDSA signature (what the v,r,s overload needs), else null.</summary>
    public EthSignature? TryGetEcdsaSignature()
    {
        try
        {
            return Signature is { Length: EthSignature.Length } ? EthSignature.FromBytes(Signature) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public string SignatureHex => Hex.Encode(Signature);
}
