using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.TypedData;

/// <summary>The final EIP-712 digest, the 32 bytes a wallet actually signs.</summary>
public static class Eip712
{
    /// <summary>keccak256(0x19 0x01 ‖ domainSeparator ‖ structHash). The 0x1901 prefix keeps typed data from ever colliding with a transaction or a personal_sign message.</summary>
    public static Bytes32 Digest(Bytes32 domainSeparator, Bytes32 structHash)
    {
        Span<byte> preimage = stackalloc byte[2 + 32 + 32];
        preimage[0] = 0x19;
        preimage[1] = 0x01;
        domainSeparator.Span.CopyTo(preimage[2..]);
        structHash.Span.CopyTo(preimage[34..]);
        return Keccak256.Hash(preimage);
    }

    public static Bytes32 Digest(Eip712Domain domain, Eip712Types types, string primaryType, IReadOnlyDictionary<string, object?> message)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(types);
        return Digest(domain.Separator(), types.HashStruct(primaryType, message));
    }
}
