using Waterfall.TestSupport;

namespace Waterfall.Benchmarks;

/// <summary>The throwaway PostgreSQL every benchmark runs on: durable, sized for the benchmark, and open to a setting under test.</summary>
public static class BenchPostgres
{
    public static PostgresServerOptions Options(BenchOptions options)
    {
        var postgres = new PostgresServerOptions();
        postgres.Settings["max_connections"] = "300";
        postgres.Settings["shared_buffers"] = "256MB";
        postgres.Settings["synchronous_commit"] = "on"; // durable, as both designs claim to be
        postgres.Settings["fsync"] = "on";
        // --postgres-setting name=value: to measure what a server setting does (printed, so a run says what it ran on).
        foreach (var (name, value) in options.PostgresSettings)
        {
            postgres.Settings[name] = value;
            Console.WriteLine($"PostgreSQL: {name} = {value}");
        }
        return postgres;
    }
}
