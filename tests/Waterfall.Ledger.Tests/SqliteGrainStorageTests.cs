using Microsoft.Data.Sqlite;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Waterfall.Storage.Sqlite;

namespace Waterfall.Ledger.Tests;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-grainstate-{Guid.NewGuid():N}");

    public sealed class Counter
    {
        public int Value { get; set; }
        public List<string> Notes { get; set; } = [];
    }

    private SqliteGrainStorage NewStorage() =>
        new(new SqliteLedgerOptions { Path = Path.Combine(_directory, "ledger.db") },
            new SystemTextJsonGrainStorageSerializer(Microsoft.Extensions.Options.Options.Create(new SystemTextJsonGrainStorageSerializerOptions())));

    [Fact]
    public async Task State_is_written_read_back_after_a_restart_and_guarded_by_its_etag()
    {
        var grain = GrainId.Create("settlement", "eip155:1|0xa|0xb");
        var empty = new GrainState<Counter>();
        await NewStorage().ReadStateAsync("settlement", grain, empty);
        Assert.False(empty.RecordExists);

        var first = new GrainState<Counter> { State = new Counter { Value = 7, Notes = ["queued"] } };
        await NewStorage().WriteStateAsync("settlement", grain, first);
        var stale = new GrainState<Counter> { ETag = "not-the-current-one", State = new Counter { Value = 99 } };

        await Assert.ThrowsAsync<InconsistentStateException>(() => NewStorage().WriteStateAsync("settlement", grain, stale));
        var reread = new GrainState<Counter>();
        await NewStorage().ReadStateAsync("settlement", grain, reread); // a new storage: as after a restart

        Assert.True(reread.RecordExists);
        Assert.Equal(first.ETag, reread.ETag);
        Assert.Equal((7, "queued"), (reread.State!.Value, reread.State.Notes.Single()));

        await NewStorage().ClearStateAsync("settlement", grain, reread);
        var cleared = new GrainState<Counter>();
        await NewStorage().ReadStateAsync("settlement", grain, cleared);
        Assert.False(cleared.RecordExists);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
