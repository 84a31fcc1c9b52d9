using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger.Tests;

/// <summary>What finance's read side must do on every durable store: period reads by tenant and time, and one wallet's reads.</summary>
public abstract class LedgerReaderContract
{
    /// <summary>A store over a fresh database, and the reader finance uses on it.</summary>
    protected abstract Task<(ILedgerStore Store, ILedgerReader Reader)> CreateAsync();

    private static readonly DateTimeOffset Start = Scenario.Start;

    /// <summary>Twenty wallets of t1 and twenty of t2, wallet i active at Start + i hours (open, grant, three debits).</summary>
    private static async Task WriteHistoriesAsync(ILedgerStore store)
    {
        var batch = new List<JournalAppend>();
        foreach (var tenant in new[] { "t1", "t2" })
            for (var i = 0; i < 20; i++)
            {
                var scenario = new Scenario(tenant, $"w{i:D2}") { Now = Start.AddHours(i) };
                batch.Add(new JournalAppend(scenario.Key, scenario.Debits(3).TakeEntries()));
            }
        Assert.Empty(await store.WriteAsync(batch, default));
    }

    [Fact]
    public async Task A_period_read_returns_exactly_the_tenants_transactions_from_its_start_up_to_but_not_at_its_end()
    {
        var (store, reader) = await CreateAsync();
        await WriteHistoriesAsync(store);

        var read = await reader.ReadTenantAsync("t1", Start.AddHours(5), Start.AddHours(12)).ToListAsync();

        Assert.All(read, t => Assert.Equal("t1", t.Wallet.TenantId));
        Assert.Equal(Enumerable.Range(5, 7).Select(i => $"w{i:D2}"), read.Select(t => t.Wallet.WalletId).Distinct());
        Assert.Equal(7 * 5, read.Count);
        Assert.All(read, t => Assert.InRange(t.Event.At, Start.AddHours(5), Start.AddHours(12).AddTicks(-1)));
        Assert.All(read, t => Assert.True(t.ToLedgerTransaction().IsBalanced));
    }

    [Fact]
    public async Task A_period_read_is_ordered_by_time_then_wallet_then_sequence()
    {
        var (store, reader) = await CreateAsync();
        await WriteHistoriesAsync(store);
        // Two wallets active at the same instant: the order between them is the wallet's id, ordinal ("W" < "a").
        var late = Start.AddDays(1);
        var a = new Scenario("t1", "a-late") { Now = late };
        var b = new Scenario("t1", "W-late") { Now = late };
        Assert.Empty(await store.WriteAsync([new JournalAppend(a.Key, a.Debits(1).TakeEntries()), new JournalAppend(b.Key, b.Debits(1).TakeEntries())], default));

        var read = await reader.ReadTenantAsync("t1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue).ToListAsync();

        var expected = read.OrderBy(t => t.Event.At).ThenBy(t => t.Wallet.WalletId, StringComparer.Ordinal).ThenBy(t => t.Event.Sequence).ToList();
        Assert.Equal(expected.Select(t => (t.Wallet.WalletId, t.Event.Sequence)), read.Select(t => (t.Wallet.WalletId, t.Event.Sequence)));
        Assert.Equal(20 * 5 + 2 * 3, read.Count);
        Assert.Equal(["W-late", "a-late"], read.TakeLast(6).Select(t => t.Wallet.WalletId).Distinct());
    }

    [Fact]
    public async Task A_wallet_read_returns_that_wallets_transactions_of_the_period_in_sequence_order()
    {
        var (store, reader) = await CreateAsync();
        await WriteHistoriesAsync(store);
        var later = new Scenario("t1", "w03") { Now = Start.AddDays(2) };
        // The same wallet continues two days later: a new scenario would reopen it, so append debits to the stored one.
        var history = await store.LoadAsync(later.Key, default);
        var wallet = history.Restore(later.Key);
        var debit = wallet.Debit(new Domain.Wallets.DebitWallet("late-debit", new Domain.Charges.AmountCharge(Domain.Money.Amount.Usd(7), default)), Start.AddDays(2));
        Assert.Empty(await store.WriteAsync([new JournalAppend(later.Key, debit.Events.Select(e => new JournalEntry(e, debit.Receipt)).ToList())], default));

        var all = await reader.ReadWalletAsync(later.Key, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).ToListAsync();
        var firstDay = await reader.ReadWalletAsync(later.Key, Start, Start.AddDays(1)).ToListAsync();
        var none = await reader.ReadWalletAsync(new WalletKey("t2", "nobody"), DateTimeOffset.MinValue, DateTimeOffset.MaxValue).ToListAsync();

        Assert.Equal([1L, 2, 3, 4, 5, 6], all.Select(t => t.Event.Sequence));
        Assert.Equal([1L, 2, 3, 4, 5], firstDay.Select(t => t.Event.Sequence));
        Assert.Equal(TransactionKind.Debited, all[^1].Event.Kind);
        Assert.Empty(none);
    }

    [Fact]
    public async Task A_period_read_of_some_kinds_returns_only_those()
    {
        var (store, reader) = await CreateAsync();
        await WriteHistoriesAsync(store);

        var grants = await reader.ReadTenantAsync("t1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [TransactionKind.CreditsGranted]).ToListAsync();
        var two = await reader.ReadTenantAsync("t2", Start, Start.AddHours(3), [TransactionKind.WalletOpened, TransactionKind.Debited]).ToListAsync();

        Assert.Equal(20, grants.Count);
        Assert.All(grants, g => Assert.IsType<CreditsGranted>(g.Event));
        Assert.Equal(3 * 4, two.Count);
        Assert.DoesNotContain(two, t => t.Event.Kind == TransactionKind.CreditsGranted);
    }
}
