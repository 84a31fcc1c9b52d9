using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace Waterfall.Storage.Postgres.Tests;

/// <summary>Two silos wired with <c>UsePostgres</c> on one migrated database, shared by the tests of one class.</summary>
public sealed class TwoSiloFixture : IAsyncLifetime
{
    public PostgresCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await PostgresCluster.StartAsync(silos: 2);

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
            await Cluster.DisposeAsync();
    }
}

public sealed class OrleansOnPostgresTests(TwoSiloFixture fixture) : IClassFixture<TwoSiloFixture>
{
    private PostgresCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Two_silos_find_each_other_through_the_membership_table()
    {
        var rows = await Db.RowsAsync(Cluster.ConnectionString,
            "SELECT SiloName, Status, ProxyPort FROM OrleansMembershipTable WHERE DeploymentId = @cluster ORDER BY SiloName",
            ("cluster", Cluster.ClusterId));

        Assert.Equal(["silo-1", "silo-2"], rows.Select(r => (string)r[0]!));
        Assert.All(rows, r => Assert.Equal((int)SiloStatus.Active, r[1]));
        Assert.All(rows, r => Assert.True((int)r[2]! > 0));
        var hosts = await Cluster.Silos[0].Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(Cluster.Silos.Select(s => s.Address).Order(), hosts.Keys.Order());
        Assert.True(await Db.ScalarAsync<int>(Cluster.ConnectionString,
            "SELECT Version FROM OrleansMembershipVersionTable WHERE DeploymentId = @cluster", ("cluster", Cluster.ClusterId)) >= 2);
    }

    [Fact]
    public async Task Grain_state_survives_deactivation_and_is_read_back_from_postgres_on_another_silo()
    {
        var key = "state-" + Guid.NewGuid().ToString("N");
        var grain = Cluster.Silos[0].Grains.GetGrain<INoteGrain>(key);
        await grain.Add("first", 5);
        await grain.Add("second", 7);
        await grain.Deactivate();

        var state = await Cluster.Silos[1].Grains.GetGrain<INoteGrain>(key).Get();

        Assert.Equal(["first", "second"], state.Notes);
        Assert.Equal(12, state.Total);
        Assert.Equal(2, await Db.ScalarAsync<int>(Cluster.ConnectionString,
            "SELECT Version FROM OrleansStorage WHERE ServiceId = @service AND GrainIdExtensionString = @key",
            ("service", Cluster.ServiceId), ("key", key)));
    }

    [Fact]
    public async Task Stored_state_is_plain_system_text_json_without_newtonsoft_type_metadata()
    {
        var key = "json-" + Guid.NewGuid().ToString("N");
        await Cluster.Silos[0].Grains.GetGrain<INoteGrain>(key).Add("café ☕", 42);

        var json = await Db.ScalarAsync<string>(Cluster.ConnectionString,
            "SELECT convert_from(PayloadBinary, 'UTF8') FROM OrleansStorage WHERE ServiceId = @service AND GrainIdExtensionString = @key",
            ("service", Cluster.ServiceId), ("key", key));

        Assert.NotNull(json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(["café ☕"], root.GetProperty("Notes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(42, root.GetProperty("Total").GetInt64());
        Assert.DoesNotContain(root.EnumerateObject(), p => p.Name.StartsWith('$'));
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        Assert.DoesNotContain(typeof(NoteState).Assembly.GetName().Name!, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reminder_is_stored_in_postgres_fires_repeatedly_and_is_removed_when_unregistered()
    {
        var key = "reminder-" + Guid.NewGuid().ToString("N");
        var grain = Cluster.Silos[0].Grains.GetGrain<INoteGrain>(key);

        await grain.StartReminder("tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        var stored = await Db.RowsAsync(Cluster.ConnectionString,
            "SELECT ReminderName, Period FROM OrleansRemindersTable WHERE ServiceId = @service AND GrainId LIKE '%' || @key",
            ("service", Cluster.ServiceId), ("key", key));
        Assert.Equal([("tick", 1000L)], stored.Select(r => ((string)r[0]!, (long)r[1]!)));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        NoteState state;
        do
        {
            await Task.Delay(250);
            state = await grain.Get();
        }
        while (state.ReminderTicks < 2 && DateTime.UtcNow < deadline);
        Assert.True(state.ReminderTicks >= 2, $"the reminder fired {state.ReminderTicks} time(s) in 20 s");

        await grain.StopReminder("tick");
        Assert.Equal(0L, await Db.ScalarAsync<long>(Cluster.ConnectionString,
            "SELECT count(*) FROM OrleansRemindersTable WHERE ServiceId = @service AND GrainId LIKE '%' || @key",
            ("service", Cluster.ServiceId), ("key", key)));
    }

    [Fact]
    public async Task An_external_client_finds_a_gateway_through_postgres_and_calls_a_grain()
    {
        var client = await Cluster.StartClientAsync();
        var key = "client-" + Guid.NewGuid().ToString("N");

        await client.GetGrain<INoteGrain>(key).Add("from outside", 3);

        var seenBySilo = await Cluster.Silos[1].Grains.GetGrain<INoteGrain>(key).Get();
        Assert.Equal(["from outside"], seenBySilo.Notes);
    }

    [Fact]
    public async Task A_write_with_a_stale_or_missing_etag_is_refused_and_the_stored_state_is_kept()
    {
        var storage = Cluster.Silos[0].Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var grainId = GrainId.Create("etag-test", Guid.NewGuid().ToString("N"));

        var first = new GrainState<NoteState>(new NoteState { Total = 1 });
        await storage.WriteStateAsync("note", grainId, first);
        Assert.Equal("1", first.ETag);

        // A second activation that never read the state must not overwrite it.
        var blind = new GrainState<NoteState>(new NoteState { Total = 666 });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", grainId, blind));

        var stale = new GrainState<NoteState>(new NoteState());
        await storage.ReadStateAsync("note", grainId, stale);
        Assert.Equal("1", stale.ETag);
        first.State!.Total = 2;
        await storage.WriteStateAsync("note", grainId, first);
        Assert.Equal("2", first.ETag);
        stale.State!.Total = 777;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", grainId, stale));

        var read = new GrainState<NoteState>(new NoteState());
        await storage.ReadStateAsync("note", grainId, read);
        Assert.Equal(2, read.State!.Total);
        Assert.Equal("2", read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task Clearing_state_keeps_a_versioned_empty_row_that_can_be_written_again()
    {
        var storage = Cluster.Silos[0].Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var grainId = GrainId.Create("clear-test", Guid.NewGuid().ToString("N"));
        var state = new GrainState<NoteState>(new NoteState { Total = 9 });
        await storage.WriteStateAsync("note", grainId, state);

        await storage.ClearStateAsync("note", grainId, state);

        var afterClear = new GrainState<NoteState>(new NoteState());
        await storage.ReadStateAsync("note", grainId, afterClear);
        Assert.False(afterClear.RecordExists);
        Assert.Equal(0, afterClear.State!.Total);
        Assert.Equal("2", afterClear.ETag);
        afterClear.State!.Total = 10;
        await storage.WriteStateAsync("note", grainId, afterClear);
        Assert.Equal("3", afterClear.ETag);
    }

    [Fact]
    public async Task Clearing_state_in_a_storage_configured_to_delete_on_clear_removes_the_row()
    {
        var storage = Cluster.Silos[0].Services.GetRequiredKeyedService<IGrainStorage>(PostgresCluster.DeletingStorage);
        // Not a bare Guid: such a key would be stored as a Guid key (N0/N1), not as a string.
        var key = "delete-" + Guid.NewGuid().ToString("N");
        var grainId = GrainId.Create("delete-test", key);
        var state = new GrainState<NoteState>(new NoteState { Total = 5 });
        await storage.WriteStateAsync("note", grainId, state);
        Assert.Equal(1L, await CountRowsAsync(key));

        await storage.ClearStateAsync("note", grainId, state);

        Assert.Null(state.ETag);
        Assert.Equal(0L, await CountRowsAsync(key));
        var again = new GrainState<NoteState>(new NoteState { Total = 6 });
        await storage.WriteStateAsync("note", grainId, again);
        Assert.Equal("1", again.ETag);

        Task<long> CountRowsAsync(string grainKey) => Db.ScalarAsync<long>(Cluster.ConnectionString,
            "SELECT count(*) FROM OrleansStorage WHERE ServiceId = @service AND GrainIdExtensionString = @key",
            ("service", Cluster.ServiceId), ("key", grainKey));
    }

    [Fact]
    public async Task Integer_guid_and_compound_keys_of_the_same_grain_type_keep_separate_rows()
    {
        var storage = Cluster.Silos[0].Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var type = GrainType.Create("keys-test-" + Guid.NewGuid().ToString("N")[..8]);
        var guid = Guid.NewGuid();
        GrainId[] ids =
        [
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(42)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(42, "ext")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(43)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid, "ext")),
            GrainId.Create(type, "42"),
        ];

        for (var i = 0; i < ids.Length; i++)
            await storage.WriteStateAsync("note", ids[i], new GrainState<NoteState>(new NoteState { Total = i + 100 }));

        for (var i = 0; i < ids.Length; i++)
        {
            var read = new GrainState<NoteState>(new NoteState());
            await storage.ReadStateAsync("note", ids[i], read);
            Assert.Equal(i + 100, read.State!.Total);
            Assert.Equal("1", read.ETag);
        }
    }
}
