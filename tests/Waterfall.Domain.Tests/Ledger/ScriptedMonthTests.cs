using System.Globalization;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Tests.Wallets;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Ledger;

/// <summary>
/// January 2026 for one wallet, checked by hand line by line in Golden/scripted-month.csv (docs/ledger.md
/// walks through it): $10 purchased, 10,000 promotional tokens for 14 days, usage on both, the
/// promotion's rest expiring, a hold captured for less than it reserved.
/// </summary>
public class ScriptedMonthTests
{
    private static readonly WalletKey Key = new("acme", "w1");
    private static readonly DateTimeOffset Jan = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Attribution Alice = new(CustomerId: "cust-1", AgentId: "agent-7");

    public static IReadOnlyList<WalletEvent> Month()
    {
        var wallet = new Wallet(Key);
        var journal = new List<WalletEvent>();
        void At(int day, int hour, int minute, Func<DateTimeOffset, IReadOnlyList<WalletEvent>> act) =>
            journal.AddRange(act(Jan.AddDays(day - 1).AddHours(hour).AddMinutes(minute)));
        AmountCharge Usd(long nanos, string model) => new(Amount.Usd(nanos), new ChargeContext(null, model, null));

        At(1, 9, 0, now => wallet.Open(new OpenWallet("open", WalletSettings.Default), now).Events);
        At(1, 9, 0, now => wallet.GrantCredits(new GrantCredits("purchase-1",
            new GrantTerms(GrantKind.Purchased, Amount.Usd(10 * NanoDollars.PerUsd), 30, null, null, GrantScope.Any, GrantSource.Operator, 1m), Alice), now).Events);
        At(1, 9, 5, now => wallet.GrantCredits(new GrantCredits("welcome-tokens",
            new GrantTerms(GrantKind.Promotional, Amount.Tokens(10_000), 10, null, now.AddDays(14), GrantScope.Any, new GrantSource(GrantSourceKind.Campaign, "welcome"), 0m), Alice), now).Events);
        At(3, 14, 0, now => wallet.Debit(new DebitWallet("call-1", WalletTestKit.Usage("gpt-4o", 3_000, 0.0000025m, 1_000, 0.00001m), Alice with { RequestId = "req-1" }), now).Events);
        At(8, 10, 30, now => wallet.Debit(new DebitWallet("image-1", Usd(500_000_000, "gpt-image-1"), Alice with { RequestId = "req-2" }), now).Events);
        At(12, 16, 0, now => wallet.Debit(new DebitWallet("call-2", WalletTestKit.Usage("gpt-4o", 2_000, 0.0000025m, 1_000, 0.00001m), Alice with { RequestId = "req-3" }), now).Events);
        At(15, 9, 5, now => wallet.Tick(now));
        At(20, 11, 0, now => wallet.Debit(new DebitWallet("call-3", WalletTestKit.Usage("gpt-4o", 10_000, 0.0000025m, 2_000, 0.00001m), Alice with { RequestId = "req-4" }), now).Events);
        var hold = wallet.Authorize(new AuthorizeHold("stream-1", Usd(1 * NanoDollars.PerUsd, "gpt-4o"), TimeSpan.FromMinutes(5), Alice with { RequestId = "req-5" }), Jan.AddDays(24).AddHours(18));
        journal.AddRange(hold.Events);
        At(25, 18, 1, now => wallet.Capture(new CaptureHold("stream-1", hold.Receipt!.Hold, Usd(300_000_000, "gpt-4o"), Alice with { RequestId = "req-5" }), now).Events);
        return journal;
    }

    private static string Csv(IEnumerable<WalletEvent> journal)
    {
        var books = new WalletBooks(Key);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        JournalCsv.WriteHeader(writer);
        foreach (var e in journal) JournalCsv.Write(writer, books.Journal(e));
        return writer.ToString();
    }

    private static string GoldenPath => Path.Combine(AppContext.BaseDirectory, "Golden", "scripted-month.csv");

    [Fact]
    public void The_scripted_month_posts_exactly_the_hand_checked_journal()
    {
        var expected = File.ReadAllText(GoldenPath).Split("\r\n");
        var actual = Csv(Month()).Split("\r\n");
        if (Environment.GetEnvironmentVariable("WATERFALL_WRITE_GOLDEN") is { Length: > 0 } target)
            File.WriteAllText(target, Csv(Month()));
        for (var i = 0; i < Math.Max(expected.Length, actual.Length); i++)
            Assert.True(i < expected.Length && i < actual.Length && expected[i] == actual[i],
                $"line {i + 1}:\n expected {(i < expected.Length ? expected[i] : "(nothing)")}\n actual   {(i < actual.Length ? actual[i] : "(nothing)")}");
    }

    [Fact]
    public void The_scripted_months_trial_balance_shows_revenue_from_purchased_credit_only()
    {
        var books = new WalletBooks(Key);
        var january = new TrialBalance(Jan, Jan.AddMonths(1));
        foreach (var e in Month()) january.Add(books.Journal(e));
        long Closing(string code, CreditUnit unit) => january.Rows().Single(r => r.AccountCode == code && r.Unit == unit).Closing;

        Assert.True(january.IsBalanced);
        // Revenue is purchased credit used ($0.50 + $0.045 + $0.30), nothing else: the tokens given away stay in memo accounts.
        Assert.Equal(-845_000_000L, Closing("revenue", CreditUnit.Usd));
        Assert.Equal(-Closing("wallet:w1:available", CreditUnit.Usd), 10 * NanoDollars.PerUsd + Closing("revenue", CreditUnit.Usd));
        Assert.Equal(-3_000L, Closing("unused_promotion", CreditUnit.Tokens));
        Assert.Equal(-7_000L, Closing("promotional_usage", CreditUnit.Tokens));
        Assert.DoesNotContain(january.Rows(), r => r.AccountCode == "breakage");
    }

    [Fact]
    public void Journal_csv_quotes_fields_that_need_it_and_writes_exact_amounts()
    {
        var line = new JournalLine(new WalletKey("acme", "w,1"), 3, 1, Jan, TransactionKind.Debited, LedgerAccount.Revenue, CreditUnit.Usd,
            0, 1_500_000_001, new GrantId("g2"), GrantKind.Purchased, null, "key \"quoted\"", new Attribution(Model: "gpt-4o\nmini"));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        JournalCsv.Write(writer, line);
        Assert.Equal("\"w,1:3\",acme,\"w,1\",3,1,2026-01-01T00:00:00Z,Debited,revenue,revenue,usd,,1.500000001,g2,purchased,,\"key \"\"quoted\"\"\",,,\"gpt-4o\nmini\",,,,,\r\n",
            writer.ToString());
        Assert.Equal("10000", JournalCsv.Amount(10_000, CreditUnit.Tokens));
    }

    [Fact]
    public void Journal_csv_defuses_caller_text_a_spreadsheet_would_run_as_a_formula()
    {
        var line = new JournalLine(new WalletKey("acme", "w1"), 3, 1, Jan, TransactionKind.Debited, LedgerAccount.Revenue, CreditUnit.Usd,
            0, 1, null, null, null, "=HYPERLINK(\"x\")", new Attribution(EndUser: "@sum", AgentId: "-1+2", CustomerId: "+cmd"));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        JournalCsv.Write(writer, line);
        var csv = writer.ToString();

        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\")\",", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'+cmd\",\"'-1+2\",", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'@sum\",", csv, StringComparison.Ordinal);
        Assert.Equal(JournalCsv.Columns.Count, writer.ToString().TrimEnd('\r', '\n').Split(',').Length);
    }
}
