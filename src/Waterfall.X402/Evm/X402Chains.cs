using System.Collections.Concurrent;
using Waterfall.Chain.Rpc;

namespace Waterfall.X402;

/// <summary>One JSON-RPC client per configured network, over a shared HttpClient.</summary>
public sealed class X402Chains
{
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, EthRpcClient> _clients = new(StringComparer.Ordinal);

    public X402Chains(HttpClient http, X402Networks networks)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(networks);
        _http = http;
        Networks = networks;
    }

    public X402Networks Networks { get; }

    public EthRpcClient For(X402Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return _clients.GetOrAdd(network.Id, _ => new EthRpcClient(_http, network.RpcUrl));
    }
}
