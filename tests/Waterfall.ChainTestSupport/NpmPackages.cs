namespace Waterfall.ChainTestSupport;

/// <summary>
/// Installs a committed npm tool set (a folder with package.json + package-lock.json) with `npm ci` when
/// it is not installed yet, once per process, so a clean clone's tests fetch their own pinned tools
/// (tests/run does the same up front).
/// </summary>
public static class NpmPackages
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>Runs `npm ci --prefix <paramref name="folder"/>` unless <paramref name="isInstalled"/> already holds.</summary>
    public static async Task EnsureInstalledAsync(string folder, Func<bool> isInstalled)
    {
        ArgumentNullException.ThrowIfNull(isInstalled);
        if (isInstalled())
            return;
        await InstallLock.WaitAsync();
        try
        {
            // Another test may have installed it while this one waited.
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
}
