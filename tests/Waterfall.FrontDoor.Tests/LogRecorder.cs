using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Waterfall.FrontDoor.Tests;

/// <summary>Every log line the silo writes, for tests that check what a refused request leaves in the log.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    public sealed record Line(string Category, LogLevel Level, string Message, Exception? Exception);

    private readonly ConcurrentQueue<Line> _lines = new();

    public IReadOnlyList<Line> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<Line> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new Line(category, logLevel, formatter(state, exception), exception));
    }
}
