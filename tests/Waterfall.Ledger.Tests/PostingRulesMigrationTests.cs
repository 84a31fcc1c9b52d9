using Microsoft.Data.Sqlite;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger.Serialization;
using Waterfall.Storage.Sqlite;

namespace Waterfall.Ledger.Tests;

/// <summary>
/// Entries stored with v1 postings (every event kind, written by the embedded store) read under the
/// v2 chart from their stored events: the wallet's balance, cash pending settlement and receivable
/// come out the same as the stored v1 postings say.
/// </summary>
public sealed class PostingRulesMigrationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-books-{Guid.NewGuid():N}");

    [Fact]
    public async Task V1_posted_entries_read_under_the_new_chart_give_the_same_balances()
    {
        var scenario = new Scenario().EveryEventKind();
        var path = Path.Combine(_directory, "ledger.db");
        Directory.CreateDirectory(_directory);
        using (var store = new SqliteLedgerStore(new SqliteLedgerOptions { Path = path }))
            await store.WriteAsync([new JournalAppend(scenario.Key, scenario.Entries)], default);

        var v1 = new List<(string Account, string Unit, long Amount)>();
        var books = new WalletBooks(scenario.Key);
        var v2 = new List<Posting>();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var postings = connection.CreateCommand();
            postings.CommandText = "SELECT account, unit, amount FROM ledger_postings WHERE wallet_id = 'w1'";
            using (var reader = postings.ExecuteReader())
                while (reader.Read()) v1.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            using var events = connection.CreateCommand();
            events.CommandText = "SELECT event FROM ledger_transactions WHERE wallet_id = 'w1' ORDER BY seq";
            using (var reader = events.ExecuteReader())
                while (reader.Read())
                {
                    var transaction = books.Post(StoredForm.ReadEvent(reader.GetFieldValue<byte[]>(0)));
                    Assert.True(transaction.IsBalanced, $"#{transaction.Sequence} {transaction.Kind}");
                    v2.AddRange(transaction.Postings);
                }
        }

        Assert.NotEmpty(v1);
        foreach (var unit in v1.Select(p => p.Unit).Distinct())
        {
            var storedBalance = -v1.Where(p => p.Account.StartsWith("wallet:w1:", StringComparison.Ordinal) && p.Unit == unit).Sum(p => p.Amount);
            Assert.Equal(storedBalance, -v2.Where(p => p.Account.IsWallet && p.Unit.Code == unit).Sum(p => p.Amount));
            Assert.Equal(storedBalance, scenario.Wallet.TotalRemaining(Domain.Money.CreditUnit.Parse(unit)));
        }
        foreach (var account in new[] { LedgerAccount.SettlementPending, LedgerAccount.Receivable })
            Assert.Equal(v1.Where(p => p.Account == account.Code).Sum(p => p.Amount), v2.Where(p => p.Account == account).Sum(p => p.Amount));
        // v1 booked given-away credit's use as revenue; v2 never does.
        Assert.DoesNotContain(v2, p => p.Account.Class == AccountClass.Revenue && p.Grant is { } g && books.Grants.Find(g) is { IsPaid: false });
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
