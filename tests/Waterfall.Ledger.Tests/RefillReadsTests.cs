using Waterfall.Domain.Charges;
using Waterfall.Domain.Money;
using Waterfall.Domain.Refills;
using Waterfall.Domain.Tests.Wallets;
using Waterfall.Domain.Wallets;
using Waterfall.Storage.Sqlite;

namespace Waterfall.Ledger.Tests;

public sealed class RefillReadsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-refills-{Guid.NewGuid():N}");

    private static IEnumerable<WalletEvent> RefillsOn(WalletKey key, params DateTimeOffset[] days)
    {
        var wallet = new Wallet(key);
        var events = new List<WalletEvent>();
        events.AddRange(wallet.Open(new OpenWallet("open", WalletSettings.Default), days[0]).Events);
        events.AddRange(wallet.StartSubscription(days[0]).Events);
        events.AddRange(wallet.SetRefillRule(new SetRefillRule("rule", new RefillRule(0, RefillMode.Fixed, 4_000, 1_000_000)), days[0]).Events);
        for (var i = 0; i < days.Length; i++)
            events.AddRange(wallet.Debit(new DebitWallet($"d{i}", new AmountCharge(Amount.Usd(4_000), default)), days[i]).Events);
        return events;
    }

    [Fact]
    public async Task An_invoice_period_reads_exactly_the_tenants_refills_made_in_it()
    {
        var path = Path.Combine(_directory, "ledger.db");
        using var store = new SqliteLedgerStore(new SqliteLedgerOptions { Path = path });
        var march = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var a = new WalletKey("t1", "a");
        var b = new WalletKey("t1", "b");
        var other = new WalletKey("t2", "a");
        Assert.Empty(await store.WriteAsync(
        [
            new JournalAppend(a, RefillsOn(a, march.AddDays(-1), march.AddDays(3), march.AddDays(31)).Select(e => new JournalEntry(e)).ToList()),
            new JournalAppend(b, RefillsOn(b, march.AddDays(10)).Select(e => new JournalEntry(e)).ToList()),
            new JournalAppend(other, RefillsOn(other, march.AddDays(5)).Select(e => new JournalEntry(e)).ToList()),
        ], default));

        var refills = await new SqliteLedgerReader(path).ReadRefillsAsync("t1", march, march.AddMonths(1)).ToListAsync();

        Assert.Equal([(a, 2), (b, 1)], refills.Select(r => (r.Wallet, r.Number)));
        Assert.All(refills, r => Assert.Equal(4_000, r.Amount));
        Assert.All(refills, r => Assert.Equal(RefillFunding.Invoice, r.Funding));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
