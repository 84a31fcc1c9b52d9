namespace Waterfall.FakeProvider.Tests.Support;

/// <summary>Waiting for a condition with a deadline, never for a fixed time.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting until {what}.");
            await Task.Delay(10);
        }
    }

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
