namespace Waterfall.X402;

/// <summary>
/// The networks this process serves, looked up by CAIP-2 id (v2) or by v1 name. Only configured
/// networks are served: the built-in presets just fill in what a configured entry leaves blank.
/// </summary>
public sealed class X402Networks
{
    // The x402 v1 network names for EVM chains and their chain ids, as the reference defines them.
    private static readonly Dictionary<string, ulong> V1ChainIds = new(StringComparer.Ordinal)
    {
        ["ethereum"] = 1,
        ["sepolia"] = 11155111,
        ["abstract"] = 2741,
        ["abstract-testnet"] = 11124,
        ["base-sepolia"] = 84532,
        ["base"] = 8453,
        ["avalanche-fuji"] = 43113,
        ["avalanche"] = 43114,
        ["iotex"] = 4689,
        ["sei"] = 1329,
        ["sei-testnet"] = 1328,
        ["polygon"] = 137,
        ["polygon-amoy"] = 80002,
        ["peaq"] = 3338,
        ["story"] = 1514,
        ["educhain"] = 41923,
        ["skale-base-sepolia"] = 324705682,
        ["megaeth"] = 4326,
        ["monad"] = 143,
        ["stable"] = 988,
        ["stable-testnet"] = 2201,
        ["celo"] = 42220,
        ["flare"] = 14,
    };

    private readonly Dictionary<string, X402Network> _byId;
    private readonly Dictionary<string, X402Network> _byV1Name;

    public X402Networks(IEnumerable<X402Network> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        All = networks.ToArray();
        _byId = new(StringComparer.Ordinal);
        _byV1Name = new(StringComparer.Ordinal);
        foreach (var network in All)
        {
            if (!_byId.TryAdd(network.Id, network))
                throw new InvalidOperationException($"x402 network {network.Id} is configured twice.");
            if (network.V1Name is { } v1 && !_byV1Name.TryAdd(v1, network))
                throw new InvalidOperationException($"x402 v1 network name '{v1}' is configured twice.");
        }
    }

    public static X402Networks FromOptions(X402Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new X402Networks(options.Networks.Select(kv => X402Network.FromOptions(kv.Key, kv.Value)));
    }

    public IReadOnlyList<X402Network> All { get; }

    /// <summary>The network with this CAIP-2 id, if configured.</summary>
    public bool TryGet(string? caip2, out X402Network network)
    {
        network = null!;
        return caip2 is not null && _byId.TryGetValue(caip2, out network!);
    }

    public X402Network Get(string caip2) =>
        TryGet(caip2, out var network) ? network : throw new KeyNotFoundException($"x402 network {caip2} is not configured.");

    /// <summary>The configured network a v1 name stands for.</summary>
    public bool TryGetByV1Name(string? name, out X402Network network)
    {
        network = null!;
        return name is not null && _byV1Name.TryGetValue(name, out network!);
    }

    /// <summary>The chain id of a v1 network name: the reference's names, plus the V1Name of every configured network.</summary>
    public bool TryGetV1ChainId(string? name, out ulong chainId)
    {
        chainId = 0;
        if (name is null)
            return false;
        if (_byV1Name.TryGetValue(name, out var network))
        {
            chainId = network.ChainId;
            return true;
        }
        return V1ChainIds.TryGetValue(name, out chainId);
    }
}
