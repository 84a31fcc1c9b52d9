using System.Net;
using Google.Api;
using Google.Protobuf.Reflection;

namespace Waterfall.FrontDoor.Tests.Http;

/// <summary>The OpenAPI document and the reference page describe every annotated rpc, at its path and method.</summary>
public class OpenApiDocumentTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static readonly ServiceDescriptor[] Public =
    [
        .. Api.V1.WalletsReflection.Descriptor.Services, .. Api.V1.PricingReflection.Descriptor.Services,
        .. Api.V1.KeysReflection.Descriptor.Services, .. Api.V1.TopupsReflection.Descriptor.Services,
    ];

    [Fact]
    public void Every_rpc_of_the_public_services_has_an_http_rule()
    {
        var missing = Public.SelectMany(s => s.Methods).Where(m => m.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is null).Select(m => m.FullName);

        Assert.Empty(missing);
    }

    [Fact]
    public async Task The_document_lists_every_annotated_rpc_with_its_path_and_method()
    {
        using var http = silo.Rest(apiKey: null);

        using var response = await http.GetAsync("/openapi/v1.json");
        var document = await response.Body();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths");
        foreach (var method in Public.SelectMany(s => s.Methods))
        {
            var rule = method.GetOptions().GetExtension(AnnotationsExtensions.Http);
            var (verb, path) = rule.PatternCase switch
            {
                HttpRule.PatternOneofCase.Get => ("get", rule.Get),
                HttpRule.PatternOneofCase.Post => ("post", rule.Post),
                HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
                HttpRule.PatternOneofCase.Put => ("put", rule.Put),
                _ => ("patch", rule.Patch),
            };
            Assert.True(paths.TryGetProperty(path, out var item), $"{method.FullName}: no path {path}");
            Assert.True(item.TryGetProperty(verb, out var operation), $"{method.FullName}: no {verb} on {path}");
            Assert.Equal($"{method.Service.Name}_{method.Name}", operation.GetProperty("operationId").GetString());
        }
    }

    [Theory]
    [InlineData("/v1/wallets", "post")]
    [InlineData("/v1/wallets/{wallet_id}", "get")]
    [InlineData("/v1/wallets/{wallet_id}/debit", "post")]
    [InlineData("/v1/wallets/{wallet_id}/grants", "post")]
    [InlineData("/v1/wallets/{wallet_id}/holds", "post")]
    [InlineData("/v1/wallets/{wallet_id}/holds/{hold_id}:capture", "post")]
    [InlineData("/v1/wallets/{wallet_id}/holds/{hold_id}:void", "post")]
    [InlineData("/v1/wallets/{wallet_id}/holds/{hold_id}:extend", "post")]
    [InlineData("/v1/wallets/{wallet_id}/ledger", "get")]
    [InlineData("/v1/wallets/{wallet_id}/keys", "get")]
    [InlineData("/v1/wallets/{wallet_id}/keys/{key_id}", "delete")]
    [InlineData("/v1/pricing/quote", "post")]
    public async Task The_rest_shaped_paths_are_in_the_document_with_their_schemas(string path, string verb)
    {
        using var http = silo.Rest(apiKey: null);

        var document = await (await http.GetAsync("/openapi/v1.json")).Body();
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(verb);
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var reference = operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
        Assert.True(schemas.TryGetProperty(reference.Split('/')[^1], out _), reference);
        foreach (var variable in path.Split('{').Skip(1).Select(p => p[..p.IndexOf('}')]))
            Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == variable && p.GetProperty("in").GetString() == "path");
    }

    [Fact]
    public async Task The_reference_page_is_served_at_docs()
    {
        using var http = silo.Rest(apiKey: null);

        using var response = await http.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        using var script = await http.GetAsync("/docs/scalar.js");
        using var document = await http.GetAsync(new Uri(new Uri(silo.HttpAddress, "/docs/"), "openapi/v1.json"));

        Assert.Contains("openapi/v1.json", page);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("3.1.0", (await document.Body()).GetProperty("openapi").GetString());
    }
}
