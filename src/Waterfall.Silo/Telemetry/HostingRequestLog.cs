namespace Waterfall.Silo.Telemetry;

/// <summary>
/// ASP.NET Core starts an <c>Activity</c> and a log scope for every request whenever its hosting logger
/// (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>) is enabled at any level, so that log lines can be correlated, even
/// when that logger writes nothing: its per-request lines are Information, below the shipped <c>Warning</c>. With no trace
/// recorded and those lines not wanted, that is ~1 KB and a random trace id per call for nothing (docs/performance.md),
/// so the category is turned off. An operator who names the category (or <c>Microsoft.AspNetCore.Hosting</c>) in the
/// logging configuration, or lets <c>Microsoft.AspNetCore</c> log at Information, keeps it as configured.
/// </summary>
internal static class HostingRequestLog
{
    public const string Category = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Whether the category is to be turned off: nothing records traces, and nothing asks for its lines.</summary>
    public static bool IsIdle(IConfiguration configuration, bool recordsTraces)
    {
        if (recordsTraces) return false;
        var logging = configuration.GetSection("Logging");
        if (logging.AsEnumerable().Any(static setting => setting.Key.Contains("Microsoft.AspNetCore.Hosting", StringComparison.OrdinalIgnoreCase))) return false;
        foreach (var category in new[] { "Microsoft.AspNetCore", "Microsoft", "Default" })
            if (logging[$"LogLevel:{category}"] is { } configured)
                return Enum.TryParse<LogLevel>(configured, ignoreCase: true, out var level) && level > LogLevel.Information;
        return false; // the runtime's default minimum, Information: the request lines are written
    }

    public static void TurnOffWhenIdle(WebApplicationBuilder builder, bool recordsTraces)
    {
        if (IsIdle(builder.Configuration, recordsTraces)) builder.Logging.AddFilter(Category, LogLevel.None);
    }
}
