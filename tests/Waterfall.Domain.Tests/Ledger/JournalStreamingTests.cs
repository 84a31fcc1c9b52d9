using System.Globalization;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;
using Xunit.Abstractions;

namespace Waterfall.Domain.Tests.Ledger;

/// <summary>A million journal lines through the CSV writer and a trial balance, one transaction at a time.</summary>
public class JournalStreamingTests(ITestOutputHelper output)
{
    private const int Transactions = 500_000; // two lines each
    private const int WalletCount = 1_000;

    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IEnumerable<IReadOnlyList<JournalLine>> Journal()
    {
        for (var i = 0; i < Transactions; i++)
        {
            var wallet = new WalletKey("acme", $"w{i % WalletCount}");
            var at = Jan.AddSeconds(i);
            var attribution = new Attribution(Model: "gpt-4o", RequestId: $"req-{i}");
            yield return
            [
                new JournalLine(wallet, i / WalletCount + 2, 1, at, TransactionKind.Debited, LedgerAccount.Available(wallet.WalletId), CreditUnit.Usd, 1_000 + i % 7, 0, new GrantId("g1"), GrantKind.Purchased, null, $"k{i}", attribution),
                new JournalLine(wallet, i / WalletCount + 2, 2, at, TransactionKind.Debited, LedgerAccount.Revenue, CreditUnit.Usd, 0, 1_000 + i % 7, new GrantId("g1"), GrantKind.Purchased, null, $"k{i}", attribution),
            ];
        }
    }

    [Fact]
    public void A_million_lines_stream_to_csv_and_a_trial_balance_in_bounded_memory()
    {
        var writer = new CountingWriter();
        var trial = new TrialBalance(Jan, Jan.AddMonths(1));
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        var lines = 0L;
        JournalCsv.WriteHeader(writer);
        foreach (var transaction in Journal())
        {
            JournalCsv.Write(writer, transaction);
            trial.Add(transaction);
            lines += transaction.Count;
            if (lines % 200_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
        }

        output.WriteLine($"{lines:N0} lines, {writer.Characters:N0} CSV characters; live heap {baseline / 1e6:F1} MB before, peak {peak / 1e6:F1} MB while streaming");
        Assert.Equal(1_000_000, lines);
        Assert.True(trial.IsBalanced);
        Assert.Equal(WalletCount + 1, trial.Rows().Count);
        // What stays live is one row per account (1,001 here), not the million lines written.
        Assert.True(peak - baseline < 32_000_000, $"the live heap grew by {(peak - baseline) / 1e6:F1} MB");
    }

    private sealed class CountingWriter : TextWriter
    {
        public long Characters { get; private set; }
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override IFormatProvider FormatProvider => CultureInfo.InvariantCulture;
        public override void Write(char value) => Characters++;
        public override void Write(string? value) => Characters += value?.Length ?? 0;
    }
}
