using System.Security.Cryptography;
using System.Text;

namespace Waterfall.ChainTestSupport;

/// <summary>
/// Installs a committed npm tool set (a folder with package.json + package-lock.json) with `npm ci` when
/// it is not installed yet, so a clean clone's tests fetch their own pinned tools (tests/run does the
/// same up front). Installs are serialised within the process and, through a lock file in the temp
/// folder, across test processes: `dotnet test` on the solution runs several chain test projects at once.
/// </summary>
public static class NpmPackages
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>Runs `npm ci --prefix <paramref name="folder"/>` unless <paramref name="isInstalled"/> already holds.</summary>
    public static async Task EnsureInstalledAsync(string folder, Func<bool> isInstalled)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(isInstalled);
        if (isInstalled())
            return;
        await InstallLock.WaitAsync();
        try
        {
            await using var crossProcess = await LockFileAsync(folder, TimeSpan.FromMinutes(6));
            // Another test (or test process) may have installed it while this one waited.
            if (isInstalled())
                return;
            var result = await ExternalProcess.RunAsync("npm", ["ci", "--prefix", folder, "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"`npm ci --prefix {folder}` failed with exit code {result.ExitCode}:\n{result.Output}");
            if (!isInstalled())
                throw new InvalidOperationException($"`npm ci --prefix {folder}` succeeded but the package is still missing.\n{result.Output}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    // An exclusively opened file is a lock other .NET processes respect (flock on Linux).
    private static async Task<FileStream> LockFileAsync(string folder, TimeSpan timeout)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(folder))))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"waterfall-npm-ci-{id}.lock");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}
