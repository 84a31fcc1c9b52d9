namespace Waterfall.FrontDoor.Tests.Operations;

/// <summary>Waits for a condition by asking again until it holds or a deadline passes: no fixed sleeps.</summary>
internal static class Polling
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The condition did not hold in time; last value: {value}");
            await Task.Delay(50);
        }
    }
}
