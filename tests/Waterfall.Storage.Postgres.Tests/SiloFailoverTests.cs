using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Waterfall.Storage.Postgres.Tests;

/// <summary>Losing a silo: its own two-silo cluster, since the test takes one down.</summary>
public sealed class SiloFailoverTests : IAsyncLifetime
{
    private PostgresCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await PostgresCluster.StartAsync(silos: 2);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Killing_the_silo_that_hosts_a_grain_leaves_the_other_silo_serving_it_with_its_stored_state()
    {
        var survivor = _cluster.Silos[0];
        var victim = _cluster.Silos[1];
        var (key, grain) = await GrainActivatedOnAsync(victim, through: survivor);
        await grain.Add("before the crash", 10);
        var victimAddress = victim.Address;

        await _cluster.KillSiloAsync(victim);

        var state = await EventuallyAsync(() => survivor.Grains.GetGrain<INoteGrain>(key).Get(), TimeSpan.FromSeconds(30));
        Assert.Equal(["before the crash"], state.Notes);
        Assert.Equal(10, state.Total);
        Assert.Equal(survivor.Address.ToParsableString(), await grain.Silo());
        await survivor.Grains.GetGrain<INoteGrain>(key).Add("after the crash", 1);
        Assert.Equal(11, (await grain.Get()).Total);

        // The survivor declares the lost silo dead in the membership table.
        var status = await EventuallyAsync(async () =>
        {
            var value = await Db.ScalarAsync<int>(_cluster.ConnectionString,
                "SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = @cluster AND Port = @port AND Generation = @generation",
                ("cluster", _cluster.ClusterId), ("port", victimAddress.Endpoint.Port), ("generation", victimAddress.Generation));
            return value == (int)SiloStatus.Dead ? value : throw new InvalidOperationException($"status is still {(SiloStatus)value}");
        }, TimeSpan.FromSeconds(30));
        Assert.Equal((int)SiloStatus.Dead, status);

        // Defunct-silo cleanup forgets the dead silo and keeps the live one.
        await survivor.Services.GetRequiredService<IMembershipTable>().CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);
        var remaining = await Db.RowsAsync(_cluster.ConnectionString,
            "SELECT SiloName FROM OrleansMembershipTable WHERE DeploymentId = @cluster", ("cluster", _cluster.ClusterId));
        Assert.Equal([survivor.Name], remaining.Select(r => (string)r[0]!));
    }

    // The grain prefers local placement: activate it through the target silo, then hold a reference through the other.
    private static async Task<(string Key, INoteGrain Grain)> GrainActivatedOnAsync(PostgresCluster.Silo target, PostgresCluster.Silo through)
    {
        var key = $"failover-{Guid.NewGuid():N}";
        Assert.Equal(target.Address.ToParsableString(), await target.Grains.GetGrain<INoteGrain>(key).Silo());
        var grain = through.Grains.GetGrain<INoteGrain>(key);
        Assert.Equal(target.Address.ToParsableString(), await grain.Silo());
        return (key, grain);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> attempt, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}
