using Grpc.Net.Client;
using Waterfall.Client;
using Waterfall.LoadGen.Bench;

namespace Waterfall.LoadGen.Scenarios;

/// <summary>One HTTP/2 connection to the target, with the SDK and the benchmark client over it.</summary>
public sealed class Connection : IDisposable
{
    public Connection(Uri target, string apiKey)
    {
        Channel = GrpcChannel.ForAddress(target, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
        });
        Waterfall = new WaterfallClient(Channel, apiKey, new WaterfallClientOptions { MaxAttempts = 1, AttemptTimeout = TimeSpan.FromSeconds(30) });
        Bench = new Bench.Bench.BenchClient(Channel);
    }

    public GrpcChannel Channel { get; }
    public WaterfallClient Waterfall { get; }
    public Bench.Bench.BenchClient Bench { get; }

    public void Dispose()
    {
        Waterfall.Dispose();
        Channel.Dispose();
    }
}
