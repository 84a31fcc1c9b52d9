using Waterfall.Domain.Events;

namespace Waterfall.Ledger.Tests;

/// <summary>The event outbox (migration 0005): written in the same transaction as the postings that caused it.</summary>
public abstract partial class LedgerStoreContract
{
    /// <summary>The entries of a scenario, the last one announcing <paramref name="count"/> events (as the wallet grain attaches them).</summary>
    private static (JournalAppend Append, Announcement[] Announced) Announcing(Scenario scenario, int count)
    {
        var entries = scenario.TakeEntries().ToArray();
        var last = entries[^1].Event;
        var announced = Enumerable.Range(0, count).Select(i => new Announcement(
            Announcement.IdFor(scenario.Key.TenantId, scenario.Key.WalletId, last.Sequence, i), EventTypes.BalanceLow, last.At,
            scenario.Key.TenantId, scenario.Key.WalletId, "cust-1", last.Sequence, i, EventTypes.PayloadVersion, $$"""{"n":{{i}}}""")).ToArray();
        entries[^1] = entries[^1] with { Announcements = announced };
        return (new JournalAppend(scenario.Key, entries), announced);
    }

    private static async Task<List<OutboxRecord>> ReadAllAsync(IEventOutbox outbox, string tenant, int pageSize = 100)
    {
        var all = new List<OutboxRecord>();
        for (var after = 0L; ;)
        {
            var page = await outbox.ReadAsync(tenant, after, pageSize);
            if (page.Count == 0) return all;
            all.AddRange(page);
            after = page[^1].Position;
        }
    }

    [Fact]
    public async Task Announced_events_become_durable_with_their_postings_in_batch_order()
    {
        var store = await CreateStoreAsync();
        var (first, firstEvents) = Announcing(new Scenario("t1", "w-a").Debits(2), 2);
        var (second, secondEvents) = Announcing(new Scenario("t1", "w-b").Debits(1), 1);
        var (plain, _) = Announcing(new Scenario("t1", "w-c").Debits(1), 0);

        Assert.Empty(await store.WriteAsync([first, plain, second], default));
        var read = await ReadAllAsync((IEventOutbox)await ReopenAsync(), "t1");

        Assert.Equal([.. firstEvents, .. secondEvents], read.Select(r => r.Event));
        Assert.True(read.Zip(read.Skip(1)).All(p => p.First.Position < p.Second.Position));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM event_outbox"));
    }

    [Fact]
    public async Task A_refused_append_writes_none_of_its_events_and_a_bystander_keeps_its_own()
    {
        var store = await CreateStoreAsync();
        var stale = new Scenario("t1", "w-stale").Debits(2);
        await store.WriteAsync([new JournalAppend(stale.Key, stale.TakeEntries())], default);
        var (staleAgain, _) = Announcing(new Scenario("t1", "w-stale").Debits(1), 2); // a second activation that never saw the first's writes
        var (bystander, bystanderEvents) = Announcing(new Scenario("t1", "w-ok").Debits(1), 1);

        var conflicts = await store.WriteAsync([staleAgain, bystander], default);

        Assert.Equal([0], conflicts);
        Assert.Equal(bystanderEvents, (await ReadAllAsync((IEventOutbox)store, "t1")).Select(r => r.Event));
    }

    [Fact]
    public async Task Reading_page_by_page_from_a_position_misses_nothing_and_repeats_nothing()
    {
        var store = await CreateStoreAsync();
        var expected = new List<Announcement>();
        for (var i = 0; i < 5; i++)
        {
            var (append, events) = Announcing(new Scenario("t1", $"w{i}").Debits(1), i % 3 + 1);
            await store.WriteAsync([append], default);
            expected.AddRange(events);
        }
        var (elsewhere, _) = Announcing(new Scenario("t2", "w0").Debits(1), 2);
        await store.WriteAsync([elsewhere], default);

        var paged = await ReadAllAsync((IEventOutbox)store, "t1", pageSize: 2);

        Assert.Equal(expected, paged.Select(r => r.Event));
        Assert.Equal(2, (await ReadAllAsync((IEventOutbox)store, "t2")).Count);
    }

    [Fact]
    public async Task An_operator_event_is_added_once_however_often_it_is_added()
    {
        var store = await CreateStoreAsync();
        var outbox = (IEventOutbox)store;
        var disabled = new Announcement("evt_op_1", EventTypes.EndpointDisabled, Scenario.Start, "t1", null, null, 0, 0, 1, """{"endpoint_id":"e1"}""");

        await outbox.AddAsync(disabled);
        await outbox.AddAsync(disabled);

        Assert.Equal([disabled], (await ReadAllAsync(outbox, "t1")).Select(r => r.Event));
    }
}
