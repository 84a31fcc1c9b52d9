using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Waterfall.FrontDoor.Tests;

/// <summary>
/// Every log line the silo writes, at every level the host lets through, with its structured values,
/// scopes and exception: for tests that check what a refused request leaves in the log, and that no
/// secret ever reaches it.
/// </summary>
public sealed class LogRecorder : ILoggerProvider
{
    public sealed record Line(string Category, LogLevel Level, string Message, string Values, Exception? Exception)
    {
        /// <summary>Everything the line carries, as one string to search.</summary>
        public string Text => $"{Level} {Category}: {Message} [{Values}] {Exception}";
    }

    private readonly ConcurrentQueue<Line> _lines = new();
    private readonly ConcurrentQueue<string> _scopes = new();

    public IReadOnlyList<Line> Lines => [.. _lines];

    /// <summary>The state of every scope opened, as text (scopes reach log sinks too, so secrets must not be in them).</summary>
    public IReadOnlyList<string> Scopes => [.. _scopes];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines, _scopes);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<Line> lines, ConcurrentQueue<string> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            scopes.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue(new Line(category, logLevel, formatter(state, exception), values, exception));
        }
    }
}
