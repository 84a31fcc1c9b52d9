using System.Text.Json;
using Waterfall.LoadGen.Scenarios;

namespace Waterfall.LoadGen;

/// <summary>
/// The load generator's command line, callable in-process too: a test runs exactly what the program runs, with
/// the same arguments, only without a process of its own.
/// </summary>
public static class LoadGenCommand
{
    /// <summary>Runs one load as the arguments say; returns the exit code (0 passed, 1 audit failed, 2 bad arguments).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        LoadOptions options;
        try
        {
            if (args.Contains("--help") || args.Contains("-h"))
            {
                await output.WriteLineAsync(LoadOptions.Usage);
                return 0;
            }
            options = LoadOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        var connections = Enumerable.Range(0, options.Connections).Select(_ => new Connection(options.Target, options.ApiKey)).ToList();
        var runner = new LoadRunner(options);
        IScenario scenario;
        try
        {
            scenario = LoadRunner.Scenario(options, runner.WalletIds, connections[0]);
        }
        catch (ArgumentException ex)
        {
            foreach (var connection in connections) connection.Dispose();
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
        try
        {
            var report = await runner.RunAsync(scenario, connections, cancellationToken);
            await output.WriteLineAsync(report.ToText());
            if (options.JsonPath is { } path) await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, LoadReport.Json), cancellationToken);
            return report.AuditPassed == false ? 1 : 0;
        }
        finally
        {
            (scenario as IDisposable)?.Dispose();
            foreach (var connection in connections) connection.Dispose();
        }
    }
}
