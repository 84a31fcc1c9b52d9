using System.Globalization;
using System.Runtime;

namespace Waterfall.Silo.Hosting;

/// <summary>
/// The garbage collector's settings as the runtime read them. GC knobs come from the environment (DOTNET_GC…), and a
/// misspelt one is ignored without a trace — the names are case-sensitive on Linux — so the silo says at start what
/// the GC actually took (docs/performance.md, "The gen-0 budget").
/// </summary>
public static class GarbageCollectorSettings
{
    /// <summary>One line: server or workstation, concurrent or not, the latency mode and every non-default variable.</summary>
    public static string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        var variables = GC.GetConfigurationVariables()
            .Where(v => v.Value is not (0L or 0UL or false or ""))
            .OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => string.Create(c, $"{v.Key}={v.Value}"));
        return string.Create(c, $"server {GCSettings.IsServerGC}, {GCSettings.LatencyMode}; {string.Join(", ", variables)}");
    }
}
