using System.Net;
using System.Text;
using System.Text.Json;
using Waterfall.FakeProvider.Tests.Support;

namespace Waterfall.FakeProvider.Tests;

public class ServerTests(FakeProviderFixture fake) : IClassFixture<FakeProviderFixture>
{
    private const string ChatBody = """{"model":"gpt-4o","messages":[{"role":"user","content":"MARKER fake:output=1"}]}""";

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task The_same_cleartext_port_speaks_http_1_1_and_http_2_with_prior_knowledge(string version)
    {
        using var http = new HttpClient { BaseAddress = fake.Server.BaseUrl };
        var marker = "proto-" + version;
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Version = Version.Parse(version),
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent(ChatBody.Replace("MARKER", marker, StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", FakeProviderOptions.DefaultOpenAIKey);
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Version.Parse(version), response.Version);
        Assert.Contains("chat.completion", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_request_is_recorded_in_arrival_order_with_method_path_headers_and_body()
    {
        using var http = fake.Http();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
            {
                Content = new StringContent(ChatBody.Replace("MARKER", $"order-{i}", StringComparison.Ordinal), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new("Bearer", FakeProviderOptions.DefaultOpenAIKey);
            request.Headers.Add("x-trace", $"t{i}");
            using var _ = await http.SendAsync(request);
        }

        var recorded = fake.Server.Requests.Where(r => r.Body.Contains("order-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["t0", "t1", "t2"], recorded.Select(r => r.Headers["X-Trace"]));
        Assert.All(recorded, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("/v1/chat/completions", r.Path);
            Assert.Equal($"Bearer {FakeProviderOptions.DefaultOpenAIKey}", r.Headers["authorization"]);
        });
        Assert.True(recorded[0].Sequence < recorded[1].Sequence && recorded[1].Sequence < recorded[2].Sequence);
    }

    [Fact]
    public async Task Models_are_listed_in_openais_shape_or_for_an_anthropic_caller_in_anthropics()
    {
        using var http = fake.Http();
        using var openAI = new HttpRequestMessage(HttpMethod.Get, "v1/models");
        openAI.Headers.Authorization = new("Bearer", FakeProviderOptions.DefaultOpenAIKey);
        using var openAIList = JsonDocument.Parse(await (await http.SendAsync(openAI)).Content.ReadAsStringAsync());
        Assert.Equal("list", openAIList.RootElement.GetProperty("object").GetString());
        Assert.All(openAIList.RootElement.GetProperty("data").EnumerateArray(), m => Assert.Equal("model", m.GetProperty("object").GetString()));

        using var anthropic = new HttpRequestMessage(HttpMethod.Get, "v1/models");
        anthropic.Headers.Add("x-api-key", FakeProviderOptions.DefaultAnthropicKey);
        anthropic.Headers.Add("anthropic-version", "2023-06-01");
        using var anthropicList = JsonDocument.Parse(await (await http.SendAsync(anthropic)).Content.ReadAsStringAsync());
        Assert.False(anthropicList.RootElement.GetProperty("has_more").GetBoolean());
        Assert.All(anthropicList.RootElement.GetProperty("data").EnumerateArray(), m => Assert.Equal("model", m.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Any_key_passes_when_the_fake_is_told_to_accept_any()
    {
        await using var server = await FakeProviderServer.StartAsync(new FakeProviderOptions { AcceptAnyKey = true });
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(ChatBody, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", "whatever-key");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_in_the_providers_shape_and_the_server_keeps_serving()
    {
        using var http = fake.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent("{not json", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", FakeProviderOptions.DefaultOpenAIKey);
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_request_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
    }
}
