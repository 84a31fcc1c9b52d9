using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;

namespace Waterfall.Simulation.Tests;

public class SimulationTests
{
    // CI's share: well under a minute on two cores. 36 seeds since the settlement and the cycle joined each run (60
    // took the project to 94 s on a quiet box); tests/simulate runs as many as asked (docs/simulation.md).
    private const int CiSeeds = 36;
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
        // Top-ups reached both outcomes, and boundaries were closed with credit carried across some of them.
        Assert.True(results.Sum(r => r.TopUpsSettled) > per, $"only {results.Sum(r => r.TopUpsSettled)} top-ups settled in {per} seeds");
        Assert.True(results.Sum(r => r.TopUpsReversed) > 0, $"no top-up was reversed in {per} seeds");
        Assert.True(results.Sum(r => r.BoundariesClosed) > per * 2, $"only {results.Sum(r => r.BoundariesClosed)} boundaries closed in {per} seeds");
        Assert.True(results.Sum(r => r.CreditRolledOver) > per, $"only {results.Sum(r => r.CreditRolledOver)} rollovers carried credit in {per} seeds");
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
    public void The_cycle_checks_catch_a_grant_rolled_over_twice_and_breakage_dated_after_its_boundary()
    {
        var start = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var boundary = start.AddDays(1);
        var period = new Domain.Plans.BillingPeriod(Domain.Plans.PeriodLength.Daily, Domain.Plans.PeriodAnchor.Anniversary, "UTC");
        var line = new Domain.Plans.PlanGrant("plan", Domain.Plans.GrantTiming.EveryPeriod, "promotional", "usd", 1_000, null, Domain.Plans.PlanScope.Any,
            new Domain.Plans.GrantExpiry(Domain.Plans.GrantExpiryKind.EndOfPeriod), new Domain.Plans.RolloverRule(Domain.Plans.RolloverKind.All));
        var plan = new Domain.Plans.PlanVersion(1, new Domain.Plans.PlanTerms("p", Domain.Billing.BillingMode.Prepaid, 0, period, [], [line], Domain.Plans.WalletDefaults.None, []), start);
        var subscription = new Domain.Subscriptions.Subscription("s1", "plan", 1, "wallet", Domain.Subscriptions.SubscriptionStatus.Active,
            start, start, boundary, null, null, "subscribe", Provisioned: true);
        var wallet = new Wallet(new WalletKey("sim", "wallet"));
        var journal = new List<WalletEvent>();
        void Take<T>(Outcome<T> o) where T : Receipt { Assert.True(o.IsAccepted, o.ToString()); journal.AddRange(o.Events); }
        Take(wallet.Open(new OpenWallet("open", WalletSettings.Default), start));
        var terms = new GrantTerms(GrantKind.Promotional, Amount.Usd(1_000), 10, null, boundary, GrantScope.Any, new GrantSource(GrantSourceKind.Plan, "plan@v1"), 0m);
        Take(wallet.GrantCredits(new GrantCredits("s1:x:v1:p1:plan", terms), start));
        journal.AddRange(wallet.Tick(boundary.AddHours(1)));
        Take(wallet.RollOver(new RollOverGrant("s1:p1:roll:plan:g2", new GrantId("g2"), long.MaxValue, boundary.AddDays(1)), boundary.AddHours(1)));
        var rolled = (GrantRolledOver)journal[^1];
        var expired = journal.OfType<GrantExpired>().Single();

        var twice = journal.Append(rolled with { Sequence = rolled.Sequence + 1, Key = "s1:p1:roll:plan:g2:again" }).ToList();
        var late = journal.Select(e => e == expired ? expired with { At = boundary.AddHours(1) } : e).ToList();

        Assert.Equal(boundary, expired.At);
        Assert.Equal(1_000, rolled.Carried);
        Assert.Empty(CycleInvariants.Always(journal, plan, subscription));
        Assert.Contains(CycleInvariants.Always(twice, plan, subscription), v => v.Contains("rolls it over again"));
        Assert.Contains(CycleInvariants.Always(late, plan, subscription), v => v.Contains("not at its boundary"));
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
