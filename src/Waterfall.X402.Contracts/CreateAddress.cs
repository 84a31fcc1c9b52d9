using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rlp;

namespace Waterfall.X402.Contracts;

/// <summary>Where a CREATE deployment lands: keccak256(rlp([sender, nonce]))[12..], known before sending.</summary>
public static class CreateAddress
{
    public static EthAddress Compute(EthAddress deployer, ulong nonce)
    {
        var encoded = RlpEncoder.Encode(new RlpList(new RlpString(deployer.Span), RlpString.FromInteger(nonce)));
        return new EthAddress(Keccak256.Hash(encoded).Span[12..]);
    }
}
