using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger.Serialization;
using Waterfall.Ledger.Serialization.Compact;

namespace Waterfall.Ledger.Tests;

/// <summary>What every durable ledger store must do; each store's test class runs these against a real database.</summary>
public abstract partial class LedgerStoreContract
{
    /// <summary>A store over a fresh, empty database.</summary>
    protected abstract Task<ILedgerStore> CreateStoreAsync();

    /// <summary>A second store over the same database, as after a process restart.</summary>
    protected abstract Task<ILedgerStore> ReopenAsync();

    /// <summary>Runs a scalar SQL query against the store's database.</summary>
    protected abstract Task<long> CountAsync(string sql);

    /// <summary>Puts an entry's event and receipt back as JSON in its stored rows, as a store before the compact form wrote them.</summary>
    protected abstract Task StoreAsJsonAsync(WalletKey wallet, JournalEntry entry);

    [Fact]
    public async Task Appended_entries_load_back_in_order_and_rebuild_the_wallet()
    {
        var store = await CreateStoreAsync();
        var scenario = new Scenario().EveryEventKind();

        var conflicts = await store.WriteAsync([new JournalAppend(scenario.Key, scenario.TakeEntries())], default);
        var history = await (await ReopenAsync()).LoadAsync(scenario.Key, default);

        Assert.Empty(conflicts);
        Assert.Null(history.Snapshot);
        Assert.Equal(Enumerable.Range(1, (int)scenario.Wallet.Sequence).Select(i => (long)i), history.Events.Select(e => e.Sequence));
        var rebuilt = history.Restore(scenario.Key);
        Assert.Equal(scenario.Wallet.TotalRemaining(CreditUnit.Usd), rebuilt.TotalRemaining(CreditUnit.Usd));
        Assert.Equal(scenario.Wallet.Holds.Count, rebuilt.Holds.Count);
    }

    [Fact]
    public async Task One_batch_carries_many_wallets_and_each_append_is_checked_on_its_own()
    {
        var store = await CreateStoreAsync();
        var wallets = Enumerable.Range(0, 50).Select(i => new Scenario("t1", $"w{i}").Debits(3)).ToList();
        var stale = new Scenario("t1", "w-stale").Debits(2);
        await store.WriteAsync([new JournalAppend(stale.Key, stale.TakeEntries())], default);
        var staleAgain = new Scenario("t1", "w-stale").Debits(1); // a second activation that never saw the first's writes

        var batch = wallets.Select(w => new JournalAppend(w.Key, w.TakeEntries())).Append(new JournalAppend(staleAgain.Key, staleAgain.TakeEntries())).ToList();
        var conflicts = await store.WriteAsync(batch, default);

        Assert.Equal([50], conflicts);
        foreach (var w in wallets)
            Assert.Equal(5, (await store.LoadAsync(w.Key, default)).Events.Count);
        Assert.Equal(4, (await store.LoadAsync(stale.Key, default)).Events.Count); // the stale append wrote nothing
    }

    [Fact]
    public async Task A_stale_writer_is_fenced_off_by_the_sequence()
    {
        var store = await CreateStoreAsync();
        var first = new Scenario().Debits(1);
        await store.WriteAsync([new JournalAppend(first.Key, first.TakeEntries())], default);
        var next = first.Debits(1).TakeEntries(); // sequence 4, from the live writer

        var fromStale = new Scenario().Debits(2).TakeEntries().Skip(3).ToList(); // sequence 4 again, from a stale writer
        var staleConflicts = await store.WriteAsync([new JournalAppend(first.Key, fromStale)], default);
        var liveConflicts = await store.WriteAsync([new JournalAppend(first.Key, next)], default);

        Assert.Empty(staleConflicts); // whoever writes 4 first wins...
        Assert.Equal([0], liveConflicts); // ...and the other is fenced
        Assert.Equal(4, (await store.LoadAsync(first.Key, default)).Events.Count);
    }

    [Fact]
    public async Task The_head_is_the_wallets_last_durable_sequence_whatever_its_kind_and_a_fenced_append_does_not_move_it()
    {
        var store = await CreateStoreAsync();
        var scenario = new Scenario().EveryEventKind();
        var neighbour = new Scenario("t1", "w-neighbour").Debits(2);
        var before = await store.ReadHeadSequenceAsync(scenario.Key, default);

        await store.WriteAsync([new JournalAppend(scenario.Key, scenario.TakeEntries()), new JournalAppend(neighbour.Key, neighbour.TakeEntries())], default);
        await store.SaveSnapshotAsync(scenario.Key, scenario.Wallet.ToSnapshot(), default);
        var stale = new Scenario().Debits(1).TakeEntries(); // a second activation that never saw the first's writes
        var conflicts = await store.WriteAsync([new JournalAppend(scenario.Key, stale)], default);
        var reopened = await ReopenAsync();

        Assert.Equal(0, before);
        Assert.Equal([0], conflicts);
        Assert.Equal(scenario.Wallet.Sequence, await reopened.ReadHeadSequenceAsync(scenario.Key, default));
        Assert.Equal(neighbour.Wallet.Sequence, await reopened.ReadHeadSequenceAsync(neighbour.Key, default));
        Assert.Equal(0, await reopened.ReadHeadSequenceAsync(new WalletKey("t1", "w-never-written"), default));
    }

    [Fact]
    public async Task A_gap_in_the_sequence_is_refused()
    {
        var store = await CreateStoreAsync();
        var scenario = new Scenario().Debits(3);
        var entries = scenario.TakeEntries();

        var conflicts = await store.WriteAsync([new JournalAppend(scenario.Key, entries.Skip(1).ToList())], default);

        Assert.Equal([0], conflicts);
        Assert.Empty((await store.LoadAsync(scenario.Key, default)).Events);
    }

    [Fact]
    public async Task Recovery_loads_the_latest_snapshot_and_the_events_after_it()
    {
        var store = await CreateStoreAsync();
        var scenario = new Scenario().Debits(10);
        await store.WriteAsync([new JournalAppend(scenario.Key, scenario.TakeEntries())], default);
        await store.SaveSnapshotAsync(scenario.Key, scenario.Wallet.ToSnapshot(), default);
        scenario.Debits(5);
        await store.WriteAsync([new JournalAppend(scenario.Key, scenario.TakeEntries())], default);

        var history = await (await ReopenAsync()).LoadAsync(scenario.Key, default);

        Assert.Equal(12, history.Snapshot!.Sequence);
        Assert.Equal([13L, 14, 15, 16, 17], history.Events.Select(e => e.Sequence));
        Assert.Equal(scenario.Wallet.TotalRemaining(CreditUnit.Usd), history.Restore(scenario.Key).TotalRemaining(CreditUnit.Usd));
    }

    [Fact]
    public async Task The_ledger_reads_back_in_pages_with_balanced_postings_and_attribution()
    {
        var store = await CreateStoreAsync();
        var scenario = new Scenario().EveryEventKind();
        await store.WriteAsync([new JournalAppend(scenario.Key, scenario.TakeEntries())], default);

        var first = await store.ReadLedgerAsync(scenario.Key, 0, 4, default);
        var rest = await store.ReadLedgerAsync(scenario.Key, first[^1].Sequence, 100, default);

        Assert.Equal([1L, 2, 3, 4], first.Select(t => t.Sequence));
        Assert.Equal(scenario.Wallet.Sequence, rest[^1].Sequence);
        Assert.All(first.Concat(rest), t => Assert.True(t.IsBalanced));
        var usage = first.Concat(rest).First(t => t.Kind == TransactionKind.Debited);
        Assert.Equal(("agent-1", "gpt-4o", 1_500L, 450L), (usage.Attribution.AgentId, usage.Attribution.Model, usage.Attribution.InputTokens, usage.Attribution.OutputTokens));
    }

    [Fact]
    public async Task Postings_usage_records_and_keys_land_in_their_tables_and_balance_in_sql()
    {
        var store = await CreateStoreAsync();
        var scenario = new Scenario().EveryEventKind();
        var entries = scenario.TakeEntries();
        await store.WriteAsync([new JournalAppend(scenario.Key, entries)], default);

        Assert.Equal(entries.Count, await CountAsync("SELECT COUNT(*) FROM ledger_transactions"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM (SELECT seq, unit FROM ledger_postings GROUP BY seq, unit HAVING SUM(amount) <> 0) unbalanced"));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM usage_records")); // the usage debit and the usage capture
        Assert.Equal(entries.Count(e => e.Idempotency is not null), await CountAsync("SELECT COUNT(*) FROM idempotency_keys"));
        // The wallet's balance is the sum of its postings.
        var liability = -await CountAsync("SELECT COALESCE(SUM(amount), 0) FROM ledger_postings WHERE account LIKE 'wallet:%' AND unit = 'usd'");
        Assert.Equal(scenario.Wallet.TotalRemaining(CreditUnit.Usd), liability);
    }

    [Fact]
    public async Task The_end_user_round_trips_on_the_transaction_and_its_usage_record()
    {
        var store = await CreateStoreAsync();
        var scenario = new Scenario().EveryEventKind();
        await store.WriteAsync([new JournalAppend(scenario.Key, scenario.TakeEntries())], default);

        var ledger = await (await ReopenAsync()).ReadLedgerAsync(scenario.Key, 0, 100, default);

        var debit = ledger.First(t => t.Kind == TransactionKind.Debited);
        var capture = ledger.Single(t => t.Kind == TransactionKind.HoldCaptured);
        Assert.Equal((Scenario.EndUser, "agent-1"), (debit.Attribution.EndUser, debit.Attribution.AgentId));
        Assert.Equal(Scenario.HoldEndUser, capture.Attribution.EndUser); // the capture carried none, so the hold's
        Assert.Null(ledger.First(t => t.Kind == TransactionKind.WalletOpened).Attribution.EndUser);
        Assert.Equal(1, await CountAsync($"SELECT COUNT(*) FROM ledger_transactions WHERE end_user = '{Scenario.EndUser}' AND kind = 'Debited'"));
        Assert.Equal(3, await CountAsync("SELECT COUNT(*) FROM ledger_transactions WHERE end_user IS NOT NULL")); // the usage debit, the usage hold and its capture
        Assert.Equal(1, await CountAsync($"SELECT COUNT(*) FROM usage_records WHERE end_user = '{Scenario.EndUser}' AND agent_id = 'agent-1'"));
        Assert.Equal(1, await CountAsync($"SELECT COUNT(*) FROM usage_records WHERE end_user = '{Scenario.HoldEndUser}'"));
        // The postings view still reads every transaction after the column was added.
        Assert.Equal(1, await CountAsync($"SELECT COUNT(DISTINCT p.seq) FROM ledger_postings p JOIN ledger_transactions t USING (tenant_id, wallet_id, seq) WHERE t.end_user = '{Scenario.EndUser}'"));
    }

    [Fact]
    public async Task A_key_is_found_under_every_operation_it_was_used_for_and_only_on_its_own_wallet()
    {
        var store = await CreateStoreAsync();
        var scenario = new Scenario().HeldCall("req-1");
        var other = new Scenario(wallet: "w2").HeldCall("req-2");
        await store.WriteAsync([new JournalAppend(scenario.Key, scenario.TakeEntries()), new JournalAppend(other.Key, other.TakeEntries())], default);

        var found = await store.FindIdempotencyKeysAsync(scenario.Key, ["req-1"], default);
        var elsewhere = await store.FindIdempotencyKeysAsync(other.Key, ["req-1"], default);

        Assert.Equal([TransactionKind.HoldAuthorized, TransactionKind.HoldCaptured], found.Select(r => r.Operation).Order());
        Assert.All(found, r => Assert.Equal("req-1", r.Key));
        Assert.All(found, r => Assert.NotNull(r.Receipt));
        Assert.Empty(elsewhere);
    }

    [Fact]
    public async Task Many_keys_are_found_in_one_read_each_record_under_its_own_key()
    {
        var store = await CreateStoreAsync();
        var scenario = new Scenario().Debits(300).HeldCall("held");
        var entries = scenario.TakeEntries();
        await store.WriteAsync([new JournalAppend(scenario.Key, entries)], default);
        var debits = entries.Select(e => e.Idempotency).OfType<IdempotencyRecord>().Where(r => r.Operation == TransactionKind.Debited).ToList();
        // More keys than one statement takes on SQLite, a key asked twice, and one never used.
        string[] asked = [.. debits.Select(d => d.Key), debits[0].Key, "held", "never-used"];

        var found = await store.FindIdempotencyKeysAsync(scenario.Key, asked, default);

        Assert.Equal(debits.Count + 2, found.Count);
        Assert.Equal(debits.Select(d => (d.Key, d.Fingerprint)).Order(), found.Where(r => r.Operation == TransactionKind.Debited).Select(r => (r.Key, r.Fingerprint)).Order());
        Assert.Equal([TransactionKind.HoldAuthorized, TransactionKind.HoldCaptured], found.Where(r => r.Key == "held").Select(r => r.Operation).Order());
        Assert.DoesNotContain(found, r => r.Key == "never-used");
        Assert.Empty(await store.FindIdempotencyKeysAsync(scenario.Key, [], default));
    }

    [Fact]
    public async Task Idempotency_keys_are_found_with_their_receipt_until_purged()
    {
        var store = await CreateStoreAsync();
        var scenario = new Scenario().Debits(2);
        var entries = scenario.TakeEntries();
        await store.WriteAsync([new JournalAppend(scenario.Key, entries)], default);
        var debit = entries[^1].Idempotency!;

        var found = await store.FindIdempotencyAsync(scenario.Key, TransactionKind.Debited, debit.Key, default);
        var purged = await store.PurgeIdempotencyAsync(Scenario.Start.AddSeconds(1), default);
        var gone = await store.FindIdempotencyAsync(scenario.Key, TransactionKind.Debited, debit.Key, default);

        Assert.Equal(debit.Fingerprint, found!.Fingerprint);
        Assert.Equal(debit.Receipt, found.Receipt);
        Assert.Equal(Scenario.Start, found.At);
        Assert.Equal(entries.Count, purged);
        Assert.Null(gone);
    }

    [Fact]
    public async Task Rows_stored_as_json_before_the_compact_form_load_and_answer_replays_beside_compact_ones()
    {
        var store = await CreateStoreAsync();
        var scenario = new Scenario().EveryEventKind();
        var entries = scenario.TakeEntries();
        await store.WriteAsync([new JournalAppend(scenario.Key, entries)], default);
        var old = entries.Take(entries.Count / 2).ToList();
        foreach (var entry in old) await StoreAsJsonAsync(scenario.Key, entry);

        var history = await (await ReopenAsync()).LoadAsync(scenario.Key, default);
        var page = await store.ReadLedgerAsync(scenario.Key, 0, 1_000, default);

        Assert.Contains(old, e => CompactForm.Covers(e.Event));
        Assert.Contains(entries.Skip(old.Count), e => CompactForm.Covers(e.Event));
        Assert.Equal(entries.Select(e => LedgerJson.Serialize(e.Event)), history.Events.Select(LedgerJson.Serialize));
        Assert.Equal(entries.Select(e => e.Event.ToLedgerTransaction(scenario.Key).Postings), page.Select(t => t.Postings));
        foreach (var entry in entries.Where(e => e.Idempotency is not null))
        {
            var found = await store.FindIdempotencyAsync(scenario.Key, entry.Event.Kind, entry.Idempotency!.Key, default);
            Assert.Equal(LedgerJson.Serialize(entry.Receipt!), LedgerJson.Serialize(found!.Receipt!));
        }
        var keys = await store.FindIdempotencyKeysAsync(scenario.Key, entries.Where(e => e.Idempotency is not null).Select(e => e.Idempotency!.Key).ToList(), default);
        Assert.Equal(entries.Count(e => e.Idempotency is not null), keys.Count);
    }

    [Fact]
    public async Task Postings_of_a_wallet_whose_id_is_not_ascii_read_back_through_the_view_unchanged()
    {
        var store = await CreateStoreAsync();
        var scenario = new Scenario("t1", "wället-Zoë-😀").Debits(3);
        var entries = scenario.TakeEntries();
        await store.WriteAsync([new JournalAppend(scenario.Key, entries)], default);

        var postings = entries.SelectMany(e => e.Event.Postings(scenario.Key.WalletId)).ToList();
        var available = postings.First(p => p.Account.Code.Contains(scenario.Key.WalletId, StringComparison.Ordinal)).Account.Code;
        Assert.Equal(postings.Count(p => p.Account.Code == available),
            await CountAsync($"SELECT COUNT(*) FROM ledger_postings WHERE account = '{available}'"));
        Assert.Equal(postings.Where(p => p.Account.Code == available).Sum(p => p.Amount),
            await CountAsync($"SELECT SUM(amount) FROM ledger_postings WHERE account = '{available}'"));
    }
}
