using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Waterfall.Dashboard;

/// <summary>The dashboard's script, style and vendored Chart.js, served from the assembly: nothing is fetched from elsewhere.</summary>
internal static class DashboardAssets
{
    private static readonly FrozenDictionary<string, (byte[] Body, string ContentType)> Files = new Dictionary<string, (byte[], string)>
    {
        ["dashboard.css"] = (Read("dashboard/dashboard.css"), "text/css; charset=utf-8"),
        ["dashboard.js"] = (Read("dashboard/dashboard.js"), "text/javascript; charset=utf-8"),
        ["chart.umd.min.js"] = (Read("dashboard/chart.umd.min.js"), "text/javascript; charset=utf-8"),
    }.ToFrozenDictionary();

    public static IResult Serve(string name, HttpContext http)
    {
        if (!Files.TryGetValue(name, out var file)) return Results.NotFound();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(file.Body, file.ContentType);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
