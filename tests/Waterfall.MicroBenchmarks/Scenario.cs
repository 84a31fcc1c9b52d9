using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Pricing.Catalog;
using Waterfall.Domain.Pricing.Rating;
using Waterfall.Domain.Wallets;

namespace Waterfall.MicroBenchmarks;

/// <summary>
/// The inputs every benchmark shares: wallets built through the real commands (so grants are in
/// the wallet's own burn order), charges rated by the real rater, and pools of idempotency keys.
/// Everything here runs in [GlobalSetup], never in the measured code.
/// </summary>
internal static class Scenario
{
    /// <summary>The instant every measured command runs at. Constant, so no grant or hold ever falls due.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>When the benchmark wallets were opened and funded: an hour before <see cref="Now"/>.</summary>
    public static readonly DateTimeOffset SetupTime = Now.AddHours(-1);

    public static readonly WalletKey Key = new("tenant-bench", "wallet-bench");

    /// <summary>
    /// How many distinct idempotency keys a measured command cycles through. Larger than the
    /// window below (even counting two records per authorize+capture pair), so a key has always
    /// been forgotten before it comes round again: every invocation is a fresh, accepted command.
    /// </summary>
    public const int KeyPoolSize = 4096;

    /// <summary>
    /// A small idempotency window, so the wallet's memory stays bounded however many million
    /// invocations BenchmarkDotNet makes: <see cref="Wallet.Tick"/> prunes it to this size.
    /// </summary>
    public static readonly WalletOptions Options = new(TimeSpan.FromHours(24), MaxIdempotencyKeys: 256);

    public const string Gpt4o = "gpt-4o";
    public const string ClaudeSonnet45 = "claude-sonnet-4-5";

    /// <summary>
    /// A copy of a literal, as a string read off the wire would be: a lookup must hash and compare
    /// it in full instead of short-circuiting on reference equality with the catalog's key.
    /// </summary>
    public static string FromWire(string value) => new(value.AsSpan());

    /// <summary>A typical chat call: 1,200 fresh prompt tokens, 800 cached, 350 completion.</summary>
    public static LlmUsage Gpt4oUsage() =>
        new(FromWire(Gpt4o), InputTokens: 1_200, OutputTokens: 350, CacheReadTokens: 800);

    /// <summary>A long-context call: 215,000 prompt tokens (so the above-200k tier prices it), with 5-minute and 1-hour cache writes.</summary>
    public static LlmUsage Sonnet45LongContextUsage() =>
        new(FromWire(ClaudeSonnet45), InputTokens: 150_000, OutputTokens: 2_000, CacheReadTokens: 40_000,
            CacheWrite5mTokens: 20_000, CacheWrite1hTokens: 5_000);

    /// <summary>The gpt-4o call above, priced by the real rater against the shipped catalog ($0.00625).</summary>
    public static UsageCharge Gpt4oCharge()
    {
        var rating = new UsageRater(PriceCatalog.Default).Rate(Gpt4oUsage());
        Require(rating.IsRated, $"gpt-4o did not rate: {rating}");
        return new UsageCharge(rating.Rated!);
    }

    /// <summary>A plain USD charge attributed to gpt-4o (no metric, so metric-scoped grants do not pay for it).</summary>
    public static AmountCharge UsdCharge(long nanos) =>
        new(Amount.Usd(nanos), new ChargeContext(null, FromWire(Gpt4o), FromWire("openai")));

    public static Attribution Attribution() => new(CustomerId: "cust-42", AgentId: "agent-7", RequestId: "req-0001");

    /// <summary>Distinct, valid idempotency keys, built once.</summary>
    public static string[] Keys(string prefix) =>
        Enumerable.Range(0, KeyPoolSize).Select(i => $"{prefix}-{i:D5}").ToArray();

    public static Wallet OpenWallet()
    {
        var wallet = new Wallet(Key, Options);
        Accepted(wallet.Open(new OpenWallet("open", WalletSettings.Default), SetupTime));
        return wallet;
    }

    /// <summary>
    /// A wallet whose grants are small enough that a charge spans several of them: what the
    /// waterfall allocator is for. One grant is a plain $100 purchase; five or more repeat a mix of
    /// five shapes (see README.md): small expiring promotional USD, metric-scoped expiring bonus
    /// tokens, promotional USD scoped to another model, bonus USD not yet effective, purchased USD.
    /// </summary>
    public static Wallet AllocationWallet(int grants)
    {
        var wallet = OpenWallet();
        if (grants == 1)
        {
            Grant(wallet, Terms(GrantKind.Purchased, Amount.Usd(100 * NanoDollars.PerUsd)));
            return wallet;
        }
        for (var i = 0; i < grants; i++)
        {
            var days = TimeSpan.FromDays(i + 1);
            Grant(wallet, (i % 5) switch
            {
                0 => Terms(GrantKind.Promotional, Amount.Usd(5_000_000), expiresAt: Now + days),
                1 => Terms(GrantKind.Bonus, Amount.Tokens(200), expiresAt: Now + days, scope: MetricScope(UsageCharge.LlmTokensMetric)),
                2 => Terms(GrantKind.Promotional, Amount.Usd(NanoDollars.PerUsd), scope: ModelScope(ClaudeSonnet45)),
                3 => Terms(GrantKind.Bonus, Amount.Usd(10_000_000), effectiveAt: Now.AddDays(1), expiresAt: Now.AddDays(31)),
                _ => Terms(GrantKind.Purchased, Amount.Usd(10 * NanoDollars.PerUsd)),
            });
        }
        return wallet;
    }

    /// <summary>
    /// A wallet with the same five grant shapes, each so large (and expiring so far ahead) that no
    /// number of benchmark invocations spends or expires one: its grant list is the same at every
    /// invocation, so a debit's cost does not drift as BenchmarkDotNet runs it millions of times.
    /// The token grant is scoped to another model, so gpt-4o charges draw USD and exercise the spend path.
    /// </summary>
    public static Wallet FundedWallet(int grants)
    {
        var wallet = OpenWallet();
        // Each unit's balance is capped at 1e18; 40 USD grants of 1e16 stay well below it.
        var each = grants <= 5 ? Amount.MaxValue : Amount.MaxValue / 10;
        var farFuture = new DateTimeOffset(2099, 12, 31, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < grants; i++)
        {
            var days = TimeSpan.FromDays(i);
            Grant(wallet, (grants == 1 ? 4 : i % 5) switch
            {
                0 => Terms(GrantKind.Promotional, Amount.Usd(each), expiresAt: farFuture + days),
                1 => Terms(GrantKind.Bonus, Amount.Tokens(each), expiresAt: farFuture + days, scope: ModelScope(ClaudeSonnet45)),
                2 => Terms(GrantKind.Promotional, Amount.Usd(each), scope: ModelScope(ClaudeSonnet45)),
                3 => Terms(GrantKind.Bonus, Amount.Usd(each), effectiveAt: farFuture, expiresAt: farFuture.AddDays(30)),
                _ => Terms(GrantKind.Purchased, Amount.Usd(each)),
            });
        }
        return wallet;
    }

    public static void Require(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException(message);
    }

    public static T Accepted<T>(Outcome<T> outcome) where T : Receipt
    {
        Require(outcome.IsAccepted && !outcome.IsReplay, $"Expected a fresh, accepted command; got {outcome}.");
        return outcome.Receipt!;
    }

    private static int _grantKeys;

    private static void Grant(Wallet wallet, GrantTerms terms) =>
        Accepted(wallet.GrantCredits(new GrantCredits($"grant-{Interlocked.Increment(ref _grantKeys)}", terms), SetupTime));

    private static GrantTerms Terms(GrantKind kind, Amount amount, DateTimeOffset? effectiveAt = null, DateTimeOffset? expiresAt = null, GrantScope? scope = null) =>
        new(kind, amount, kind.DefaultPriority ?? 50, effectiveAt, expiresAt, scope ?? GrantScope.Any, GrantSource.Operator, kind.IsPaid ? 1m : 0m);

    private static GrantScope MetricScope(string metric) => new([metric], [], []);

    private static GrantScope ModelScope(string model) => new([], [model], []);
}
