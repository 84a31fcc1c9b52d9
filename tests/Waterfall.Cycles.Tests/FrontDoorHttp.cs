using System.Net;
using System.Net.Http.Headers;

namespace Waterfall.Cycles.Tests;

/// <summary>HTTP clients of a test cluster's front door: it speaks HTTP/2 without TLS, the JSON routes too.</summary>
internal static class FrontDoorHttp
{
    public static HttpClient For(Uri frontDoor, string apiKey)
    {
        var http = new HttpClient
        {
            BaseAddress = frontDoor,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }
}
