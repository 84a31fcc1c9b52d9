namespace Waterfall.Silo.Hosting;

/// <summary>The three Kestrel endpoints by name, and their configured addresses with the shipped defaults.</summary>
internal static class Endpoints
{
    public const string Grpc = "Grpc";
    public const string Admin = "Admin";
    public const string Http = "Http";

    public static string Url(IConfiguration configuration, string name) =>
        (configuration[$"Kestrel:Endpoints:{name}:Url"] ?? Default(name)).TrimEnd('/');

    /// <summary><c>localhost:5080</c> for grpcurl, from <c>http://localhost:5080</c>.</summary>
    public static string HostAndPort(string url) => url[(url.IndexOf("://", StringComparison.Ordinal) is var i and >= 0 ? i + 3 : 0)..];

    private static string Default(string name) => name switch
    {
        Grpc => "http://localhost:5080",
        Admin => AdminEndpoint.DefaultUrl,
        _ => "http://localhost:5082",
    };
}
