using Waterfall.TestSupport;

namespace Waterfall.FakeProvider.Tests.Support;

/// <summary>The fake provider's request log, waited for with a deadline (never for a fixed time).</summary>
public static class Poll
{
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(condition, what, timeout ?? TimeSpan.FromSeconds(10));

    public static ReceivedRequest Request(FakeProviderServer server, string marker) =>
        server.Requests.Single(r => r.Body.Contains(marker, StringComparison.Ordinal));

    public static async Task<ReceivedRequest> FinishedRequestAsync(FakeProviderServer server, string marker)
    {
        await UntilAsync(() => server.Requests.Any(r => r.Body.Contains(marker, StringComparison.Ordinal)), $"a request with '{marker}' arrived");
        var request = Request(server, marker);
        await request.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        return request;
    }
}
