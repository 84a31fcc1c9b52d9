using CsCheck;
using Orleans;
using Orleans.Runtime;
using Waterfall.Storage.Sqlite;

namespace Waterfall.Ledger.Tests;

/// <summary>The contract of Orleans' own reminder table tests, on the embedded file.</summary>
public sealed class SqliteReminderTableTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-reminders-{Guid.NewGuid():N}");

    private SqliteReminderTable NewTable() => new(new SqliteLedgerOptions { Path = Path.Combine(_directory, "ledger.db") });

    [Fact]
    public async Task A_reminder_is_upserted_read_back_after_a_restart_and_removed_only_with_its_current_etag()
    {
        var reminder = Reminder(Grain(), "foo/bar\\#b_a_z?");
        var firstEtag = await NewTable().UpsertRow(reminder);

        var read = await NewTable().ReadRow(reminder.GrainId, reminder.ReminderName); // a new table: as after a restart
        Assert.NotNull(read);
        Assert.Equal(firstEtag, read.ETag);
        Assert.Equal(reminder.GrainId, read.GrainId);
        Assert.Equal(reminder.ReminderName, read.ReminderName);
        Assert.Equal(reminder.Period, read.Period);
        Assert.Equal(reminder.StartAt, read.StartAt);
        Assert.Equal(DateTimeKind.Utc, read.StartAt.Kind);

        reminder.StartAt = reminder.StartAt.AddMinutes(5);
        var table = NewTable();
        var secondEtag = await table.UpsertRow(reminder);
        Assert.NotNull(secondEtag);
        Assert.NotEqual(firstEtag, secondEtag);
        Assert.Equal(reminder.StartAt, (await table.ReadRow(reminder.GrainId, reminder.ReminderName))!.StartAt);

        Assert.False(await table.RemoveRow(reminder.GrainId, reminder.ReminderName, firstEtag!), "a stale etag must not remove the row");
        Assert.False(await table.RemoveRow(reminder.GrainId, "bla", secondEtag), "another name must not remove the row");
        Assert.False(await table.RemoveRow(reminder.GrainId, reminder.ReminderName, "not-an-etag"), "a malformed etag must not remove the row");
        Assert.True(await table.RemoveRow(reminder.GrainId, reminder.ReminderName, secondEtag), "the current etag removes the row");
        Assert.False(await table.RemoveRow(reminder.GrainId, reminder.ReminderName, secondEtag), "a removed row cannot be removed again");
        Assert.Null(await table.ReadRow(reminder.GrainId, reminder.ReminderName));
    }

    [Fact]
    public async Task Concurrent_upserts_of_one_reminder_each_get_a_distinct_etag()
    {
        var table = NewTable();
        var grain = Grain();
        var etags = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => Task.Run(() =>
        {
            var reminder = Reminder(grain, "tick");
            reminder.StartAt = reminder.StartAt.AddMilliseconds(i);
            return table.UpsertRow(reminder);
        })));
        Assert.Equal(5, etags.Distinct().Count());
        Assert.Single((await table.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task A_grain_reads_all_its_reminders_and_no_other_grains()
    {
        var table = NewTable();
        var (mine, other) = (Grain(), Grain());
        await table.UpsertRow(Reminder(mine, "a"));
        await table.UpsertRow(Reminder(mine, "b"));
        await table.UpsertRow(Reminder(other, "a"));

        Assert.Equal(["a", "b"], (await table.ReadRows(mine)).Reminders.Select(r => r.ReminderName).Order());
        await table.TestOnlyClearTable();
        Assert.Empty((await table.ReadRows(0, 0)).Reminders);
    }

    [Fact]
    public async Task A_range_read_returns_exactly_the_grains_whose_hash_is_in_the_range_wrapping_around_when_begin_is_not_below_end()
    {
        var table = NewTable();
        var hashes = new List<uint>();
        for (var i = 0; i < 300; i++)
        {
            var reminder = Reminder(Grain(), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await table.UpsertRow(reminder);
            hashes.Add(reminder.GrainId.GetUniformHashCode());
        }

        Assert.Equal(300, (await table.ReadRows(0, uint.MaxValue)).Reminders.Count); // (0, max]: all but a hash of exactly 0
        Assert.Equal(300, (await table.ReadRows(0, 0)).Reminders.Count);             // begin == end: the whole ring
        Assert.Equal(300, (await table.ReadRows(uint.MaxValue, uint.MaxValue)).Reminders.Count);

        var ranges = Gen.Select(Gen.UInt, Gen.UInt).Array[40].Single();
        var cases = ranges.Concat(hashes.Take(20).SelectMany(h => new[] { (h, h + 1), (h - 1, h), (h, h), (h + 1, h) }));
        foreach (var (begin, end) in cases)
        {
            var expected = hashes.Where(h => begin < end ? h > begin && h <= end : h > begin || h <= end).Order();
            var returned = (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.GetUniformHashCode()).Order();
            Assert.Equal(expected, returned);
        }
    }

    private static GrainId Grain() => GrainId.Create("my-remindable-grain", $"{Guid.NewGuid():N}/foo/bar\\#baz?");

    private static ReminderEntry Reminder(GrainId grain, string name)
    {
        var now = DateTime.UtcNow;
        return new ReminderEntry
        {
            GrainId = grain,
            ReminderName = name,
            Period = TimeSpan.FromMinutes(1),
            StartAt = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc),
        };
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
