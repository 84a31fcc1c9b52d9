namespace Waterfall.LoadGen.Scenarios;

/// <summary>A scenario whose answers arrive over time (a stream), so the time to the first byte is measured as well as the time to the last.</summary>
public interface IFirstByteScenario : IScenario
{
    /// <summary>
    /// One operation, like <see cref="IScenario.RunAsync"/>; also returns the <see cref="System.Diagnostics.Stopwatch"/>
    /// timestamp at which the answer's first byte arrived (0 when none did).
    /// </summary>
    Task<(string? Error, long FirstByte)> RunTimedAsync(Connection connection, string walletId, string key, CancellationToken cancellationToken);
}
