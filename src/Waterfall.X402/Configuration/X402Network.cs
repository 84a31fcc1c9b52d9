using System.Globalization;
using Waterfall.Chain.Primitives;

namespace Waterfall.X402;

/// <summary>
/// A resolved, validated EVM network: where to reach it and which USDC token (with its EIP-712 domain)
/// payments on it use. Built-in presets exist for Base and Base Sepolia.
/// </summary>
public sealed record X402Network
{
    /// <summary>CAIP-2 id, e.g. "eip155:8453".</summary>
    public required string Id { get; init; }

    public required ulong ChainId { get; init; }

    /// <summary>The node's JSON-RPC endpoint. May carry an API key: it is never logged.</summary>
    public required Uri RpcUrl { get; init; }

    public required EthAddress Asset { get; init; }

    public required string AssetName { get; init; }

    public required string AssetVersion { get; init; }

    public int AssetDecimals { get; init; } = 6;

    public int Confirmations { get; init; } = 1;

    /// <summary>The x402 v1 network name, when v1 payments can name this network.</summary>
    public string? V1Name { get; init; }

    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Where wallet top-ups are paid; null when this network offers none.</summary>
    public EthAddress? TopUpPayTo { get; init; }

    /// <summary>The batching contract top-ups settle through (set whenever <see cref="TopUpPayTo"/> is).</summary>
    public EthAddress? SettlementBatcher { get; init; }

    /// <summary>Base mainnet USDC (eip155:8453).</summary>
    public static X402Network Base { get; } = new()
    {
        Id = "eip155:8453",
        ChainId = 8453,
        RpcUrl = new Uri("https://mainnet.base.org"),
        Asset = EthAddress.Parse("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"),
        AssetName = "USD Coin",
        AssetVersion = "2",
        V1Name = "base",
        Confirmations = 1,
    };

    /// <summary>Base Sepolia testnet USDC (eip155:84532).</summary>
    public static X402Network BaseSepolia { get; } = new()
    {
        Id = "eip155:84532",
        ChainId = 84532,
        RpcUrl = new Uri("https://sepolia.base.org"),
        Asset = EthAddress.Parse("0x036CbD53842c5426634e7929541eC2318f3dCF7e"),
        AssetName = "USDC",
        AssetVersion = "2",
        V1Name = "base-sepolia",
        Confirmations = 1,
    };

    public static IReadOnlyList<X402Network> BuiltIns { get; } = [Base, BaseSepolia];

    /// <summary>The chain id in an "eip155:&lt;id&gt;" network; false for anything else.</summary>
    public static bool TryParseEip155(string? network, out ulong chainId)
    {
        chainId = 0;
        return network is not null
            && network.StartsWith("eip155:", StringComparison.Ordinal)
            && network.Length > "eip155:".Length
            && !network.AsSpan("eip155:".Length).ContainsAnyExceptInRange('0', '9')
            && ulong.TryParse(network.AsSpan("eip155:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out chainId)
            && chainId > 0;
    }

    /// <summary>Resolves a configured entry, filling blanks from the built-in preset with the same id or name.</summary>
    public static X402Network FromOptions(string name, X402NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var preset = BuiltIns.FirstOrDefault(b => b.Id == options.Network)
            ?? (options.Network is null ? BuiltIns.FirstOrDefault(b => string.Equals(b.V1Name, name, StringComparison.OrdinalIgnoreCase)) : null);
        var id = options.Network ?? preset?.Id
            ?? throw new InvalidOperationException($"x402 network '{name}': set Network (CAIP-2, e.g. eip155:31337).");
        if (!TryParseEip155(id, out var idChainId))
            throw new InvalidOperationException($"x402 network '{name}': Network '{id}' is not an eip155:<chain id> CAIP-2 id.");
        var chainId = options.ChainId ?? idChainId;
        if (chainId != idChainId)
            throw new InvalidOperationException($"x402 network '{name}': ChainId {chainId} does not match {id}.");
        var rpc = options.RpcUrl is { Length: > 0 } url ? ParseUri(name, url)
            : preset?.RpcUrl ?? throw new InvalidOperationException($"x402 network '{name}': set RpcUrl (the node's JSON-RPC URL).");
        var assetText = options.Asset ?? preset?.Asset.ToString()
            ?? throw new InvalidOperationException($"x402 network '{name}': set Asset (the USDC contract address).");
        if (!EthAddress.TryParse(assetText, out var asset))
            throw new InvalidOperationException($"x402 network '{name}': Asset '{assetText}' is not an address.");
        var assetName = options.AssetName ?? preset?.AssetName
            ?? throw new InvalidOperationException($"x402 network '{name}': set AssetName (the token's EIP-712 domain name).");
        var assetVersion = options.AssetVersion ?? preset?.AssetVersion
            ?? throw new InvalidOperationException($"x402 network '{name}': set AssetVersion (the token's EIP-712 domain version).");
        var confirmations = options.Confirmations ?? preset?.Confirmations ?? 1;
        if (confirmations < 1)
            throw new InvalidOperationException($"x402 network '{name}': Confirmations must be at least 1.");
        var topUpPayTo = OptionalAddress(name, "TopUpPayTo", options.TopUpPayTo);
        var batcher = OptionalAddress(name, "SettlementBatcher", options.SettlementBatcher);
        if (topUpPayTo is not null && batcher is null)
            throw new InvalidOperationException($"x402 network '{name}': TopUpPayTo needs SettlementBatcher (the batching contract top-ups settle through).");
        return new X402Network
        {
            TopUpPayTo = topUpPayTo,
            SettlementBatcher = batcher,
            Id = id,
            ChainId = chainId,
            RpcUrl = rpc,
            Asset = asset,
            AssetName = assetName,
            AssetVersion = assetVersion,
            AssetDecimals = options.AssetDecimals ?? preset?.AssetDecimals ?? 6,
            Confirmations = confirmations,
            V1Name = options.V1Name ?? preset?.V1Name,
            ReceiptPollInterval = options.ReceiptPollInterval ?? preset?.ReceiptPollInterval ?? TimeSpan.FromSeconds(1),
        };
    }

    private static EthAddress? OptionalAddress(string name, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        return EthAddress.TryParse(text.Trim(), out var address)
            ? address
            : throw new InvalidOperationException($"x402 network '{name}': {field} '{text}' is not an address.");
    }

    private static Uri ParseUri(string name, string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InvalidOperationException($"x402 network '{name}': RpcUrl is not an http(s) URL.");
}
