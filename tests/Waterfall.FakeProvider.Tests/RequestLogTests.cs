using System.Net.Http.Headers;

namespace Waterfall.FakeProvider.Tests;

public class RequestLogTests
{
    [Fact]
    public async Task The_request_log_keeps_only_the_newest_requests_it_is_allowed_to()
    {
        await using var fake = await FakeProviderServer.StartAsync(new FakeProviderOptions { MaxRecordedRequests = 2 });
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };
        for (var i = 1; i <= 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
            {
                Content = new StringContent($$"""{"model":"gpt-4o","messages":[{"role":"user","content":"call {{i}}"}]}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FakeProviderOptions.DefaultOpenAIKey);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }

        Assert.Equal([2L, 3L], fake.Requests.Select(r => r.Sequence));
    }
}
