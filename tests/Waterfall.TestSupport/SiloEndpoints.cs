using System.Globalization;

namespace Waterfall.TestSupport;

/// <summary>
/// Where a silo a test starts listens: its three Kestrel endpoints (gRPC over HTTP/2, admin over HTTP/1.1,
/// the HTTP API) and the Orleans silo and gateway ports, every port from <see cref="TestPorts"/>.
/// </summary>
public sealed record SiloEndpoints(Uri Grpc, Uri Admin, Uri Http, int SiloPort, int GatewayPort)
{
    /// <summary>Fresh ports for whatever the caller has not already chosen.</summary>
    public static SiloEndpoints Next(Uri? grpc = null, Uri? http = null, Uri? admin = null) =>
        new(grpc ?? Loopback(), admin ?? Loopback(), http ?? Loopback(), TestPorts.Next(), TestPorts.Next());

    public static Uri Loopback() => new($"http://127.0.0.1:{TestPorts.Next()}");

    /// <summary>The host configuration that puts a silo on these endpoints; add the test's own settings to it.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Kestrel:Endpoints:Grpc:Url"] = Grpc.ToString(),
        ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
        ["Kestrel:Endpoints:Admin:Url"] = Admin.ToString(),
        ["Kestrel:Endpoints:Admin:Protocols"] = "Http1",
        ["Kestrel:Endpoints:Http:Url"] = Http.ToString(),
        ["Kestrel:Endpoints:Http:Protocols"] = "Http1AndHttp2",
        ["Waterfall:Cluster:SiloPort"] = SiloPort.ToString(CultureInfo.InvariantCulture),
        ["Waterfall:Cluster:GatewayPort"] = GatewayPort.ToString(CultureInfo.InvariantCulture),
    };
}
