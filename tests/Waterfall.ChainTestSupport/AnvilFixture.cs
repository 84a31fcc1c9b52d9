using System.Diagnostics;
using System.Numerics;
using System.Text;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.TestSupport;

namespace Waterfall.ChainTestSupport;

/// <summary>
/// A real local chain for tests: starts anvil on a free loopback port, waits until it answers
/// eth_chainId, and kills it afterwards. Anvil comes from the npm package pinned in tests/tools
/// (installed with `npm ci --prefix tests/tools`, which this fixture runs itself once if needed) or
/// from the WATERFALL_ANVIL environment variable. When anvil cannot be found or does not start, the
/// tests using it fail with the reason: a chain test that silently skips proves nothing.
/// </summary>
public sealed class AnvilFixture : IAsyncLifetime, IAsyncDisposable
{
    public const ulong ChainId = 31337;

    private const string AnvilPackage = "@foundry-rs/anvil-linux-amd64";

    private readonly StringBuilder _output = new();
    private Process? _process;

    public Uri Endpoint { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public EthRpcClient Client { get; private set; } = null!;

    /// <summary>Starts a separate, fresh node, for tests that need a chain no other test has touched.</summary>
    public static async Task<AnvilFixture> StartAsync()
    {
        var fixture = new AnvilFixture();
        try
        {
            await fixture.InitializeAsync();
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        var anvil = await FindOrInstallAnvilAsync();
        Exception? lastError = null;
        // A port found free can be taken before anvil binds it; a couple of attempts cover that race.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = TestPorts.Next();
            Endpoint = new Uri($"http://127.0.0.1:{port}/");
            Client = new EthRpcClient(Http, Endpoint);
            try
            {
                Start(anvil, port);
                await WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                lastError = e;
                StopProcess();
            }
        }
        throw new InvalidOperationException($"anvil ({anvil}) did not start: {lastError?.Message}\n--- anvil output ---\n{Output}", lastError);
    }

    /// <summary>What anvil printed so far, for diagnosing a failed test.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>A fresh random account with the given balance, so a test does not depend on what others did with the shared accounts.</summary>
    public async Task<EthPrivateKey> NewFundedAccountAsync(BigInteger wei, CancellationToken cancellationToken = default)
    {
        var key = EthPrivateKey.Generate();
        await Client.RequestAsync("anvil_setBalance", [key.Address.ToLowerHex(), Hex.EncodeQuantity(wei)], cancellationToken);
        return key;
    }

    public async Task DisposeAsync()
    {
        StopProcess();
        Http.Dispose();
        await Task.CompletedTask;
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private void Start(string anvil, int port)
    {
        var start = new ProcessStartInfo(anvil)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--chain-id", ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        // Both streams must be drained or anvil blocks once a pipe buffer fills up.
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        if (!process.Start())
            throw new InvalidOperationException($"Could not start {anvil}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            // Keep the tail only: enough to diagnose, bounded for long runs.
            if (_output.Length > 64_000)
                _output.Remove(0, 32_000);
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (_process is { HasExited: true } exited)
                throw new InvalidOperationException($"anvil exited with code {exited.ExitCode} before it was ready.");
            try
            {
                var chainId = await Client.GetChainIdAsync(deadline.Token);
                if (chainId != ChainId)
                    throw new InvalidOperationException($"anvil reports chain id {chainId}, expected {ChainId}.");
                return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"anvil did not answer eth_chainId within {timeout.TotalSeconds} s.");
            }
            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"anvil did not answer eth_chainId within {timeout.TotalSeconds} s.");
            }
        }
    }

    private void StopProcess()
    {
        var process = _process;
        _process = null;
        if (process is null)
            return;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }


    private static async Task<string> FindOrInstallAnvilAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("WATERFALL_ANVIL");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return File.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new FileNotFoundException($"WATERFALL_ANVIL points to '{fromEnvironment}', which does not exist.");
        }

        var tools = RepositoryPaths.TestTools;
        try
        {
            await NpmPackages.EnsureInstalledAsync(tools, () => FindInPackage(tools) is not null);
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or TimeoutException)
        {
            throw new FileNotFoundException(
                $"anvil not found under {Path.Combine(tools, "node_modules", AnvilPackage)} and `npm ci --prefix {tools}` could not install it. " +
                $"Install it with that command or set WATERFALL_ANVIL to an anvil binary.\n{e.Message}", e);
        }
        return FindInPackage(tools)!;
    }

    private static string? FindInPackage(string tools)
    {
        var package = Path.Combine(tools, "node_modules", "@foundry-rs", "anvil-linux-amd64");
        if (!Directory.Exists(package))
            return null;
        // The package keeps the binary in bin/ today; search the whole package in case that moves.
        var candidates = Directory.EnumerateFiles(package, "anvil", SearchOption.AllDirectories)
            .OrderBy(path => path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? 0 : 1)
            .ToArray();
        if (candidates.Length == 0)
            return null;
        var binary = candidates[0];
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(binary);
            if ((mode & UnixFileMode.UserExecute) == 0)
                File.SetUnixFileMode(binary, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        return binary;
    }
}
