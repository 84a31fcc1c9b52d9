using System.Numerics;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.TypedData;

namespace Waterfall.X402;

/// <summary>
/// A payment that passed <see cref="ExactEvmVerifier"/>: everything a settler needs to submit it, already
/// parsed. Only the verifier creates these, so a settler cannot be handed an unverified payment.
/// </summary>
public sealed class VerifiedPayment
{
    private readonly byte[] _signature;

    internal VerifiedPayment(
        int x402Version,
        X402Network network,
        string responseNetwork,
        EthAddress asset,
        Eip3009Authorization authorization,
        byte[] signature,
        bool payerIsContract,
        string signatureText)
    {
        X402Version = x402Version;
        Network = network;
        ResponseNetwork = responseNetwork;
        Asset = asset;
        Authorization = authorization;
        _signature = signature;
        PayerIsContract = payerIsContract;
        SignatureText = signatureText;
    }

    public int X402Version { get; }

    public X402Network Network { get; }

    /// <summary>The network as the payload named it, which the SettleResponse repeats (CAIP-2 for v2, the v1 name for v1).</summary>
    public string ResponseNetwork { get; }

    /// <summary>The token contract (the requirements' asset).</summary>
    public EthAddress Asset { get; }

    public Eip3009Authorization Authorization { get; }

    public EthAddress Payer => Authorization.From;

    public EthAddress PayTo => Authorization.To;

    public BigInteger Amount => Authorization.Value;

    /// <summary>The signature the token checks (ERC-6492 wrapping removed).</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>True when the payer is a deployed contract wallet (ERC-1271).</summary>
    public bool PayerIsContract { get; }

    /// <summary>Whether settlement uses the (v, r, s) overload: a 65-byte signature from an EOA. Otherwise the bytes overload.</summary>
    public bool UsesVrsOverload => _signature.Length == 65 && !PayerIsContract;

    /// <summary>The signature exactly as the payload carried it: the key under which a pending settlement is remembered.</summary>
    public string SignatureText { get; }

    /// <summary>The transferWithAuthorization calldata that settles this payment.</summary>
    public byte[] SettlementCalldata()
    {
        var a = Authorization;
        if (UsesVrsOverload)
        {
            return Eip3009Token.TransferWithAuthorizationVrs.EncodeCall(
                a.From, a.To, a.Value, a.ValidAfter, a.ValidBefore, a.Nonce,
                _signature[64], new Bytes32(_signature.AsSpan(0, 32)), new Bytes32(_signature.AsSpan(32, 32)));
        }
        return Eip3009Token.TransferWithAuthorizationBytes.EncodeCall(
            a.From, a.To, a.Value, a.ValidAfter, a.ValidBefore, a.Nonce, _signature.ToArray());
    }

    public override string ToString() => $"VerifiedPayment({Network.Id}, {Payer} -> {PayTo}, {Amount} of {Asset})";
}
