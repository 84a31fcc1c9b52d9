using System.Text.Json;
using Waterfall.LoadGen;
using Waterfall.LoadGen.Scenarios;

LoadOptions options;
try
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(LoadOptions.Usage);
        return 0;
    }
    options = LoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

var connections = Enumerable.Range(0, options.Connections).Select(_ => new Connection(options.Target, options.ApiKey)).ToList();
try
{
    var runner = new LoadRunner(options);
    var report = await runner.RunAsync(LoadRunner.Scenario(options, runner.WalletIds, connections[0]), connections, cancel.Token);
    Console.WriteLine(report.ToText());
    if (options.JsonPath is { } path) await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, LoadReport.Json));
    return report.AuditPassed == false ? 1 : 0;
}
finally
{
    foreach (var connection in connections) connection.Dispose();
}
