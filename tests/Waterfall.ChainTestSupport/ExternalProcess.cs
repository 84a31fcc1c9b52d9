using System.ComponentModel;
using System.Diagnostics;

namespace Waterfall.ChainTestSupport;

/// <summary>The outcome of a finished command.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;
}

/// <summary>Runs a command to completion (npm, node), draining both streams, within a time limit.</summary>
public static class ExternalProcess
{
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
            start.WorkingDirectory = workingDirectory;
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var commandLine = $"{fileName} {string.Join(' ', start.ArgumentList)}";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"`{commandLine}` did not start.");
        }
        catch (Win32Exception e)
        {
            throw new FileNotFoundException($"Cannot run `{commandLine}`: {e.Message}. Is {fileName} installed and on PATH?", e);
        }
        using (process)
        {
            using var deadline = new CancellationTokenSource(timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
                return new ProcessResult(process.ExitCode, await stdout, await stderr);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"`{commandLine}` did not finish within {timeout.TotalSeconds} s.");
            }
        }
    }
}
