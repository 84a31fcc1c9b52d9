using Waterfall.Chain.Abi;
using Waterfall.Chain.Primitives;

namespace Waterfall.X402;

/// <summary>
/// ERC-6492 wrapped signatures (abi.encode(factory, factoryCalldata, innerSignature) ‖ 0x6492…6492) from
/// smart wallets that are not deployed yet. This facilitator deploys no wallets, so a counterfactual payer
/// is refused (as the reference does when no factory is allowed); a wallet that is already deployed is
/// checked with the inner signature.
/// </summary>
internal static class Erc6492
{
    private static readonly byte[] MagicSuffix = Convert.FromHexString("6492649264926492649264926492649264926492649264926492649264926492");

    private static readonly AbiType[] WrapperTypes = [AbiType.Parse("address"), AbiType.Parse("bytes"), AbiType.Parse("bytes")];

    /// <summary>True when the signature carries the 6492 suffix; then the factory, its calldata and the inner signature.</summary>
    public static bool TryUnwrap(byte[] signature, out EthAddress factory, out byte[] factoryCalldata, out byte[] innerSignature)
    {
        factory = default;
        factoryCalldata = [];
        innerSignature = signature;
        if (signature.Length < MagicSuffix.Length || !signature.AsSpan(signature.Length - MagicSuffix.Length).SequenceEqual(MagicSuffix))
            return false;
        var values = AbiDecoder.Decode(WrapperTypes, signature.AsSpan(0, signature.Length - MagicSuffix.Length));
        factory = (EthAddress)values[0]!;
        factoryCalldata = (byte[])values[1]!;
        innerSignature = (byte[])values[2]!;
        return true;
    }
}
