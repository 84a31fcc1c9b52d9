using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Waterfall.Chain.Primitives;

namespace Waterfall.X402;

/// <summary>
/// Builds what a resource server offers in a 402: "exact" requirements for a configured network's USDC,
/// with the token's EIP-712 name and version in <c>extra</c> so the client can sign without asking the chain.
/// </summary>
public sealed class PaymentRequirementsFactory
{
    /// <summary>The reference server's default when a route sets no timeout.</summary>
    public const long DefaultMaxTimeoutSeconds = 300;

    /// <summary>The reference server's error text in a 402 sent because no payment came with the request.</summary>
    public const string PaymentRequiredError = "Payment required";

    private readonly X402Networks _networks;

    public PaymentRequirementsFactory(X402Networks networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        _networks = networks;
    }

    /// <summary>v2 requirements on a configured network (CAIP-2 id), for an amount in atomic units.</summary>
    public PaymentRequirements Create(string network, EthAddress payTo, BigInteger amount, long maxTimeoutSeconds = DefaultMaxTimeoutSeconds) =>
        Create(_networks.Get(network), payTo, amount, maxTimeoutSeconds);

    public static PaymentRequirements Create(X402Network network, EthAddress payTo, BigInteger amount, long maxTimeoutSeconds = DefaultMaxTimeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(network);
        Check(payTo, amount, maxTimeoutSeconds);
        return new PaymentRequirements
        {
            Scheme = ExactEvmScheme.Name,
            Network = network.Id,
            Amount = amount.ToString(CultureInfo.InvariantCulture),
            Asset = network.Asset.ToString(),
            PayTo = payTo.ToString(),
            MaxTimeoutSeconds = maxTimeoutSeconds,
            Extra = DomainExtra(network),
        };
    }

    /// <summary>v1 requirements; the network must have a v1 name.</summary>
    public PaymentRequirementsV1 CreateV1(
        string network,
        EthAddress payTo,
        BigInteger amount,
        string resource,
        string description = "",
        string? mimeType = null,
        long maxTimeoutSeconds = DefaultMaxTimeoutSeconds)
    {
        var resolved = _networks.TryGet(network, out var byId) ? byId
            : _networks.TryGetByV1Name(network, out var byName) ? byName
            : throw new KeyNotFoundException($"x402 network {network} is not configured.");
        if (resolved.V1Name is null)
            throw new InvalidOperationException($"x402 network {resolved.Id} has no v1 name (set V1Name).");
        ArgumentException.ThrowIfNullOrEmpty(resource);
        ArgumentNullException.ThrowIfNull(description);
        Check(payTo, amount, maxTimeoutSeconds);
        return new PaymentRequirementsV1
        {
            Scheme = ExactEvmScheme.Name,
            Network = resolved.V1Name,
            MaxAmountRequired = amount.ToString(CultureInfo.InvariantCulture),
            Resource = resource,
            Description = description,
            MimeType = mimeType,
            PayTo = payTo.ToString(),
            MaxTimeoutSeconds = maxTimeoutSeconds,
            Asset = resolved.Asset.ToString(),
            Extra = DomainExtra(resolved),
        };
    }

    /// <summary>The 402 answer: what the resource is and every way to pay for it.</summary>
    public static PaymentRequired PaymentRequired(ResourceInfo resource, IEnumerable<PaymentRequirements> accepts, string? error = PaymentRequiredError)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(accepts);
        var list = accepts.ToArray();
        if (list.Length == 0)
            throw new ArgumentException("A 402 needs at least one way to pay.", nameof(accepts));
        return new PaymentRequired { Error = error, Resource = resource, Accepts = list };
    }

    private static Dictionary<string, JsonElement> DomainExtra(X402Network network) => new(StringComparer.Ordinal)
    {
        ["name"] = JsonSerializer.SerializeToElement(network.AssetName),
        ["version"] = JsonSerializer.SerializeToElement(network.AssetVersion),
    };

    private static void Check(EthAddress payTo, BigInteger amount, long maxTimeoutSeconds)
    {
        if (payTo == EthAddress.Zero)
            throw new ArgumentException("payTo cannot be the zero address.", nameof(payTo));
        if (amount.Sign <= 0 || amount.GetByteCount(isUnsigned: true) > 32)
            throw new ArgumentOutOfRangeException(nameof(amount), "The amount is a positive uint256 in atomic units.");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTimeoutSeconds, 1);
    }
}
