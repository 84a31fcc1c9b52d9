using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;

namespace Waterfall.Simulation.Tests;

public class SimulationTests
{
    // CI's share: well under a minute on two cores. tests/simulate runs as many as asked (docs/simulation.md).
    private const int CiSeeds = 150;
    private const int Steps = 300;

    public static TheoryData<int> SeedBlocks => new() { 1, 2, 3 };

    [Theory]
    [MemberData(nameof(SeedBlocks))]
    public void Every_ci_seed_keeps_every_invariant_through_its_faults(int block)
    {
        var per = CiSeeds / 3;
        var results = Enumerable.Range((block - 1) * per + 1, per).Select(seed => Simulation.Run(seed, Steps)).ToList();

        Assert.All(results, r => Assert.True(r.Passed, $"seed {r.Seed}: {string.Join("; ", r.Violations)} (replay: tests/simulate --seed {r.Seed})"));
        // The seeds did meet faults and answer calls: a run that never failed a write would prove little.
        Assert.True(results.Sum(r => r.Faults) > per * 10, $"only {results.Sum(r => r.Faults)} faults in {per} seeds");
        Assert.True(results.Sum(r => r.Acknowledged) > per * 20, $"only {results.Sum(r => r.Acknowledged)} answered keys in {per} seeds");
    }

    [Fact]
    public void A_seed_replays_exactly()
    {
        var first = new Simulation(4242);
        var again = new Simulation(4242);

        var a = first.Execute(Steps);
        var b = again.Execute(Steps);

        Assert.Equal(first.TraceLines, again.TraceLines);
        Assert.Equal(a, b with { Violations = a.Violations });
        Assert.NotEqual(a.TraceDigest, Simulation.Run(4243, Steps).TraceDigest);
    }

    [Fact]
    public void The_journal_checks_catch_a_key_applied_twice_an_unbalanced_wallet_and_a_draw_on_an_expired_grant()
    {
        var key = new WalletKey("sim", "wallet");
        var at = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var wallet = new Wallet(key);
        var journal = new List<WalletEvent>();
        void Take<T>(Outcome<T> o) where T : Receipt { Assert.True(o.IsAccepted, o.ToString()); journal.AddRange(o.Events); }
        Take(wallet.Open(new OpenWallet("open", WalletSettings.Default), at));
        var terms = new GrantTerms(GrantKind.Purchased, Amount.Usd(1_000), 50, null, at.AddMinutes(1), GrantScope.Any, GrantSource.Operator, 1m);
        Take(wallet.GrantCredits(new GrantCredits("g", terms), at));
        var debit = wallet.Debit(new DebitWallet("d", new Domain.Charges.AmountCharge(Amount.Usd(400), new ChargeContext(null, null, null))), at);
        Take(debit);
        var clean = Invariants.OfJournal(key, journal, new WalletHistory(null, journal)).ToList();

        var debited = (Debited)journal[^1];
        var twice = journal.Append(debited with { Sequence = 4 }).ToList();
        var late = journal.Take(2).Append(debited with { At = at.AddMinutes(2) }).ToList();

        Assert.Empty(clean);
        Assert.Contains(Invariants.OfJournal(key, twice, new WalletHistory(null, twice)), v => v.Contains("applied twice"));
        Assert.Contains(Invariants.OfJournal(key, late, new WalletHistory(null, late)), v => v.Contains("expired at"));
    }
}
