using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.TypedData;

namespace Waterfall.X402;

/// <summary>
/// The client side of "exact" on EVM: signs an EIP-3009 TransferWithAuthorization for requirements and
/// wraps it in a payment payload, as the reference client does (v2: validAfter 0; v1: validAfter ten
/// minutes back; validBefore now + maxTimeoutSeconds; a random 32-byte nonce). For agents and tests that
/// pay from .NET; the key is used to sign and is not kept.
/// </summary>
public static class ExactEvmPayer
{
    /// <summary>Signs the payment for v2 requirements (one of a 402's <c>accepts</c>).</summary>
    public static PaymentPayload CreatePaymentPayload(
        PaymentRequirements requirements,
        EthPrivateKey payer,
        ResourceInfo? resource = null,
        DateTimeOffset? now = null,
        Bytes32? nonce = null,
        BigInteger? validAfter = null,
        BigInteger? validBefore = null)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(payer);
        if (!X402Network.TryParseEip155(requirements.Network, out var chainId))
            throw new ArgumentException($"Network '{requirements.Network}' is not an eip155 network.", nameof(requirements));
        var seconds = (now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var authorization = new Eip3009Authorization(
            payer.Address,
            EthAddress.Parse(requirements.PayTo),
            ParseAmount(requirements.Amount),
            validAfter ?? BigInteger.Zero,
            validBefore ?? seconds + requirements.MaxTimeoutSeconds,
            nonce ?? NewNonce());
        var signed = Sign(authorization, payer, requirements.ExtraString("name"), requirements.ExtraString("version"), chainId, requirements.Asset);
        return PaymentPayload.Create(requirements, signed, resource);
    }

    /// <summary>Signs the payment for v1 requirements; the network's v1 name must be known to <paramref name="networks"/>.</summary>
    public static PaymentPayloadV1 CreatePaymentPayloadV1(
        PaymentRequirementsV1 requirements,
        EthPrivateKey payer,
        X402Networks networks,
        DateTimeOffset? now = null,
        Bytes32? nonce = null)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(payer);
        ArgumentNullException.ThrowIfNull(networks);
        if (!networks.TryGetV1ChainId(requirements.Network, out var chainId))
            throw new ArgumentException($"v1 network '{requirements.Network}' is unknown.", nameof(requirements));
        var seconds = (now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var authorization = new Eip3009Authorization(
            payer.Address,
            EthAddress.Parse(requirements.PayTo),
            ParseAmount(requirements.MaxAmountRequired),
            seconds - 600,
            seconds + requirements.MaxTimeoutSeconds,
            nonce ?? NewNonce());
        var signed = Sign(authorization, payer, requirements.ExtraString("name"), requirements.ExtraString("version"), chainId, requirements.Asset);
        return PaymentPayloadV1.Create(requirements.Network, signed, requirements.Scheme);
    }

    /// <summary>The signed payload for an authorization on a token's EIP-712 domain.</summary>
    public static ExactEvmPayload Sign(Eip3009Authorization authorization, EthPrivateKey payer, string? name, string? version, ulong chainId, string asset)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(payer);
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version))
            throw new ArgumentException($"EIP-712 domain parameters (name, version) are required in payment requirements for asset {asset}.");
        var domain = new Eip712Domain(name, version, chainId, EthAddress.Parse(asset));
        var signature = new EthSigner(payer).SignDigest(authorization.Digest(domain));
        return new ExactEvmPayload
        {
            Signature = signature.ToHex(),
            Authorization = new ExactEvmAuthorization
            {
                From = authorization.From.ToString(),
                To = authorization.To.ToString(),
                Value = authorization.Value.ToString(CultureInfo.InvariantCulture),
                ValidAfter = authorization.ValidAfter.ToString(CultureInfo.InvariantCulture),
                ValidBefore = authorization.ValidBefore.ToString(CultureInfo.InvariantCulture),
                Nonce = authorization.Nonce.ToString(),
            },
        };
    }

    public static Bytes32 NewNonce()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return new Bytes32(bytes);
    }

    private static BigInteger ParseAmount(string amount) =>
        ExactEvmVerifier.TryParseUInt256(amount, out var value)
            ? value
            : throw new ArgumentException($"Amount '{amount}' is not a uint256.", nameof(amount));
}
