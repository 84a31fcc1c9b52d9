using System.Diagnostics;
using System.Net.Http.Headers;
using Waterfall.TestSupport;

namespace Waterfall.Benchmarks;

/// <summary>
/// The fake provider as its own process, as a real provider is elsewhere: its CPU, thread pool and GC are not the
/// silo's, and its log of every request it received (it keeps them all, bodies included) grows in its own heap,
/// not in the one the silo's garbage collector has to walk.
/// </summary>
public sealed class FakeProviderProcess : IAsyncDisposable
{
    public const string Key = "fake-openai-key";

    private readonly Process _process;

    private FakeProviderProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<FakeProviderProcess> StartAsync()
    {
        var baseUrl = new Uri($"http://127.0.0.1:{TestPorts.Next()}/");
        var start = new ProcessStartInfo("dotnet", [BuiltPrograms.Dll("tests", "Waterfall.FakeProvider"), "--urls", baseUrl.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine($"fake provider: {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var fake = new FakeProviderProcess(process, baseUrl);
        try
        {
            await fake.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(30));
            return fake;
        }
        catch
        {
            await fake.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan patience)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The fake provider exited with code {_process.ExitCode}.");
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUrl, "v1/models"));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
                using var response = await http.SendAsync(request);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (deadline.Elapsed > patience) throw new TimeoutException($"The fake provider did not answer at {BaseUrl} within {patience.TotalSeconds:0} s.");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

}
