using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

/// <summary>
/// What the container image would run, short of the image itself (no base image can be pulled here): the
/// Dockerfile's own publish command, read from deploy/Dockerfile so the two cannot drift, and the published
/// output started the way the image starts it, answering health on the admin endpoint.
/// </summary>
public sealed partial class PublishTests : IDisposable
{
    // Generous because the build is shared with the rest of the suite on a small machine; up to date it takes seconds.
    private static readonly TimeSpan PublishDeadline = TimeSpan.FromMinutes(5);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-publish-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_Dockerfiles_publish_output_starts_on_the_embedded_store_with_the_images_GC_budget_and_answers_health_on_the_admin_port()
    {
        var repository = RepositoryRoot();
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(repository, "deploy", "Dockerfile"));
        var command = PublishCommand().Match(dockerfile);
        Assert.True(command.Success, "deploy/Dockerfile has no `RUN dotnet publish … -o /app` line.");
        var output = Path.Combine(_directory, "app");
        var arguments = command.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append(output).ToArray();

        var (exitCode, log) = await RunAsync("dotnet", arguments, repository);
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} exited {exitCode}:\n{log}");
        Assert.True(File.Exists(Path.Combine(output, "Waterfall.Silo.dll")), $"The publish output has no Waterfall.Silo.dll:\n{log}");

        // As the image runs it: the embedded store's file on a mounted folder, nothing written beside the app, and the
        // image's GC budget, whose name the runtime matches case-sensitively: the silo's start-up line shows it was taken.
        var data = Path.Combine(_directory, "data");
        var gen0Budget = Gen0Budget().Match(dockerfile);
        Assert.True(gen0Budget.Success, "deploy/Dockerfile sets no `ENV DOTNET_GCGen0MaxBudget=0x…`.");
        await using var silo = new SiloProcess(new Dictionary<string, string>
        {
            ["Waterfall:Store:Kind"] = "embedded",
            ["Waterfall:Store:Embedded:Path"] = Path.Combine(data, "waterfall.db"),
            ["DOTNET_GCGen0MaxBudget"] = gen0Budget.Groups["hex"].Value,
            ["Logging:LogLevel:Waterfall.Silo.Hosting.StartupNotices"] = "Information",
        }) { EntryDirectory = output };
        await silo.StartAsync(TimeSpan.FromSeconds(60));
        // The line is logged before the silo answers health, but its output is read asynchronously: wait for the line,
        // then hold it to the budget (a misspelt variable still logs the line, with the runtime's default).
        await Eventually.UntilAsync(() => silo.Output.Contains("Garbage collector:", StringComparison.Ordinal),
            "the silo logs its garbage collector settings", TimeSpan.FromSeconds(30));
        Assert.Contains($"GCGen0MaxBudget={Convert.ToInt64(gen0Budget.Groups["hex"].Value, 16)}", silo.Output, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = silo.AdminAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        Assert.True(File.Exists(Path.Combine(data, "waterfall.db")), $"The embedded store did not create its file under {data}.");
        await silo.StopAsync();
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string file, string[] arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        // No MSBuild node or build server may outlive the command: it would keep this test's pipes (and CI) open.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        var log = new StringBuilder();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(PublishDeadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {PublishDeadline}:\n{log}");
        }
        lock (log) return (process.ExitCode, log.ToString());
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Waterfall.Orleans.sln"))) return directory.FullName;
        throw new InvalidOperationException($"No Waterfall.Orleans.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>The Dockerfile's publish line; the output folder (<c>/app</c> in the image) is the test's own.</summary>
    [GeneratedRegex(@"^RUN dotnet (?<args>publish .+ -o) /app\s*$", RegexOptions.Multiline)]
    private static partial Regex PublishCommand();

    [GeneratedRegex(@"^ENV DOTNET_GCGen0MaxBudget=(?<hex>0x[0-9a-fA-F]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Gen0Budget();

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
