using System.Diagnostics;
using System.Text;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

/// <summary>
/// The silo as a real child process (the published entry point, configured by environment), so a
/// test can kill it with SIGKILL mid-flight and start it again on the same ports and data.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public SiloProcess(IReadOnlyDictionary<string, string> settings)
    {
        GrpcAddress = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        AdminAddress = new Uri($"http://127.0.0.1:{TestPorts.Next()}");
        _environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Kestrel__Endpoints__Grpc__Url"] = GrpcAddress.ToString(),
            ["Kestrel__Endpoints__Grpc__Protocols"] = "Http2",
            ["Kestrel__Endpoints__Admin__Url"] = AdminAddress.ToString(),
            ["Kestrel__Endpoints__Admin__Protocols"] = "Http1",
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{TestPorts.Next()}",
            ["Kestrel__Endpoints__Http__Protocols"] = "Http1AndHttp2",
            ["Waterfall__Cluster__SiloPort"] = TestPorts.Next().ToString(),
            ["Waterfall__Cluster__GatewayPort"] = TestPorts.Next().ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings) _environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
    }

    /// <summary>Where <c>Waterfall.Silo.dll</c> is: this test's build output unless a test published its own.</summary>
    public string EntryDirectory { get; init; } = AppContext.BaseDirectory;

    public Uri GrpcAddress { get; }
    public Uri AdminAddress { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    public async Task StartAsync(TimeSpan? timeout = null)
    {
        var entry = Path.Combine(EntryDirectory, "Waterfall.Silo.dll");
        var start = new ProcessStartInfo("dotnet", [entry])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = EntryDirectory,
        };
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the silo.");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = AdminAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The silo exited with {_process.ExitCode}:\n{Output}");
            try
            {
                // Healthy only if the answer is ours: a silo that failed to bind has exited, whoever answered.
                if ((await http.GetAsync("/health/live")).IsSuccessStatusCode && !_process.HasExited) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The silo did not become healthy:\n{Output}");
    }

    /// <summary>Runs the silo's entry point with these arguments (a command such as <c>migrate</c>) to its exit, within a minute.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Waterfall.Silo.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the silo.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var wait = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', args)} did not exit within a minute:\n{await output}\n{await error}");
        }
        return (process.ExitCode, await output, await error);
    }

    /// <summary>SIGKILL: no shutdown, no flush, nothing in flight completes.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.WaitForExit();
    }

    /// <summary>SIGTERM without waiting: the host's graceful shutdown begins.</summary>
    public async Task TerminateAsync()
    {
        if (_process is not { HasExited: false }) return;
        using var term = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
        await term!.WaitForExitAsync();
    }

    /// <summary>The exit code once the process has exited; a TimeoutException if it has not by then.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("The silo was never started.");
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The silo did not exit within {timeout}:\n{Output}");
        }
        return process.ExitCode;
    }

    /// <summary>SIGTERM and wait: the host's graceful shutdown.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false }) return;
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await term!.WaitForExitAsync();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(wait.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        await Task.CompletedTask;
    }

}
