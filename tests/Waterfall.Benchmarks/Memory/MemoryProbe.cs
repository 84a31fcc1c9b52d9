using System.Diagnostics;
using Waterfall.Contracts;

namespace Waterfall.Benchmarks.Memory;

/// <summary>
/// Activates wallets the way a platform's users do at the least (created, funded, one debit, each
/// with its own idempotency key), measures the silo's memory with all of them active, then lets
/// idle collection deactivate them and measures again.
/// </summary>
public static class MemoryProbe
{
    public const string Tenant = "memory";

    private static readonly WalletSettings Prepaid = new(0, 0, null, null, null, [], null);

    /// <summary>Wallets activated before the baseline, so code, pools and caches are warm and not counted per wallet.</summary>
    private const int WarmupWallets = 1_000;

    /// <param name="holdActive">How long to stay with every wallet active after measuring, e.g. to take a heap dump (<c>dotnet-gcdump collect -p PID</c>).</param>
    public static async Task<MemoryRun> RunAsync(string store, int wallets, bool keepKeys, TextWriter log, int concurrency = 256, TimeSpan holdActive = default)
    {
        await using var host = await MemoryHost.StartAsync(store, keepKeys);
        var grains = host.Grains;
        var management = grains.GetGrain<IManagementGrain>(0);

        await TouchAsync(grains, "warm", WarmupWallets, concurrency);
        await DeactivateAsync(management, TimeSpan.FromMinutes(2));
        var baseline = MemorySample.Take(await ActiveWalletsAsync(management));
        log.WriteLine($"  {store}, {wallets:N0} wallets, keys {(keepKeys ? "kept" : "forgotten")}: baseline {baseline.ManagedBytes / 1048576.0:N1} MB managed");

        var clock = Stopwatch.StartNew();
        await TouchAsync(grains, "w", wallets, concurrency);
        var touchSeconds = clock.Elapsed.TotalSeconds;
        var active = MemorySample.Take(await ActiveWalletsAsync(management));
        log.WriteLine($"  touched {wallets:N0} wallets in {touchSeconds:N1} s; {active.WalletActivations:N0} active, {active.ManagedBytes / 1048576.0:N1} MB managed");

        if (holdActive > TimeSpan.Zero)
        {
            log.WriteLine($"  holding {wallets:N0} active wallets for {holdActive.TotalSeconds:N0} s (pid {Environment.ProcessId})");
            await Task.Delay(holdActive);
        }

        await DeactivateAsync(management, TimeSpan.FromMinutes(10));
        var deactivated = MemorySample.Take(await ActiveWalletsAsync(management));
        log.WriteLine($"  after idle deactivation: {deactivated.WalletActivations:N0} active, {deactivated.ManagedBytes / 1048576.0:N1} MB managed");
        return new MemoryRun(store, wallets, keepKeys, baseline, active, deactivated, touchSeconds);
    }

    /// <summary>Each wallet: opened, granted, debited once, then read (which lets a wallet forget expired keys).</summary>
    private static async Task TouchAsync(IGrainFactory grains, string prefix, int wallets, int concurrency)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, Math.Max(wallets, 1))).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < wallets)
            {
                var wallet = grains.Wallet(Tenant, $"{prefix}-{i:D7}");
                Check(await wallet.Open(new OpenWallet(Guid.NewGuid().ToString(), Prepaid)));
                Check(await wallet.Grant(new GrantCredits(Guid.NewGuid().ToString(),
                    new GrantTerms("purchased", new Amount(10_000_000_000, "usd"), 30, null, null, new GrantScope([], [], []), 0, null, 1m), null)));
                Check(await wallet.Debit(new DebitWallet(Guid.NewGuid().ToString(), new Charge(new Amount(1_000_000, "usd"), null, null, null), null)));
                Check(await wallet.Get());
            }
        }));
    }

    private static void Check<T>(Reply<T> reply) where T : class
    {
        if (!reply.IsAccepted)
            throw new InvalidOperationException($"The memory probe's wallet call was refused: {reply.Refusal?.Reason} {reply.Refusal?.Message}");
    }

    /// <summary>
    /// What the silo's idle collection does to a wallet nobody calls, without waiting its default
    /// 15 minutes: deactivates every activation idle for a second, then waits until they are gone.
    /// </summary>
    private static async Task DeactivateAsync(IManagementGrain management, TimeSpan deadline)
    {
        // No head start: a wallet touched less than a second ago is simply collected on a later round.
        var until = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await management.ForceActivationCollection(TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                // A million activations take longer to collect than a grain call may wait; the collection goes on.
            }
            if (await ActiveWalletsAsync(management) <= 1) return; // the demo wallet may be mid-collection
            if (until.Elapsed > deadline) throw new TimeoutException($"Wallets were still active {deadline} after idle collection was forced.");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private static async Task<int> ActiveWalletsAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains("WalletGrain", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
}
