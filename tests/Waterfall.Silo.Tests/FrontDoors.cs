using System.Collections.Concurrent;
using Grpc.Net.Client;
using Waterfall.Client;

namespace Waterfall.Silo.Tests;

/// <summary>
/// The front doors a client may call, as they come and go (a rolling restart adds replacements on new
/// ports and removes the old ones), with one SDK client per address: what a client-side balancer does.
/// </summary>
internal sealed class FrontDoors(IEnumerable<Uri> addresses, string apiKey) : IDisposable
{
    private readonly ConcurrentDictionary<Uri, Lazy<(GrpcChannel Channel, WaterfallClient Client)>> _clients = new();
    private volatile Uri[] _addresses = [.. addresses];

    public IReadOnlyList<Uri> Addresses => _addresses;

    public void Add(Uri address)
    {
        lock (_clients) _addresses = [.. _addresses, address];
    }

    public void Remove(Uri address)
    {
        lock (_clients) _addresses = [.. _addresses.Where(a => a != address)];
    }

    /// <summary>The client for the n-th door (modulo how many there are now); retries move on to the next one.</summary>
    public (Uri Address, WaterfallClient Client) Pick(int n)
    {
        var addresses = _addresses;
        var address = addresses[(int)((uint)n % (uint)addresses.Length)];
        var client = _clients.GetOrAdd(address, a => new(() =>
        {
            var channel = GrpcChannel.ForAddress(a);
            // One attempt per call: the agent loop retries with the same key, on whichever door is up.
            return (channel, new WaterfallClient(channel, apiKey, new WaterfallClientOptions { MaxAttempts = 1, AttemptTimeout = TimeSpan.FromSeconds(5) }));
        })).Value.Client;
        return (address, client);
    }

    public void Dispose()
    {
        foreach (var lazy in _clients.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Client.Dispose();
            lazy.Value.Channel.Dispose();
        }
    }
}
