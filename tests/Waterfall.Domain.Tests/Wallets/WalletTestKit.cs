using Waterfall.Domain.Billing;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Policy;
using Waterfall.Domain.Pricing.Rating;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

/// <summary>Small builders that keep the wallet tests about behaviour, not setup.</summary>
internal sealed class WalletTestKit
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private int _keys;

    public WalletTestKit(WalletSettings? settings = null, WalletOptions? options = null)
    {
        Wallet = new Wallet(new WalletKey("tenant", "w1"), options);
        Journal = [];
        Record(Wallet.Open(new OpenWallet(NextKey(), settings ?? WalletSettings.Default), Now));
    }

    public Wallet Wallet { get; }
    public DateTimeOffset Now { get; set; } = Epoch;
    public List<WalletEvent> Journal { get; }

    public string NextKey() => $"k{++_keys}";

    public Outcome<T> Record<T>(Outcome<T> outcome) where T : Receipt
    {
        Journal.AddRange(outcome.Events);
        return outcome;
    }

    public void Tick() => Journal.AddRange(Wallet.Tick(Now));

    /// <summary>A subscription starts billing the wallet now (what an invoice-funded refill rule needs).</summary>
    public Outcome<SubscriptionChangeReceipt> Subscribe(string subscriptionId = SubscribedWallets.SubscriptionId)
    {
        var outcome = Record(Wallet.StartSubscription(Now, subscriptionId));
        Assert.True(outcome.IsAccepted, outcome.ToString());
        return outcome;
    }

    public GrantId Grant(GrantKind kind, long amount, CreditUnit? unit = null, DateTimeOffset? expiresAt = null, GrantScope? scope = null, int? priority = null)
    {
        var outcome = Record(Wallet.GrantCredits(new GrantCredits(NextKey(), Terms(kind, amount, unit, expiresAt, scope, priority)), Now));
        Assert.True(outcome.IsAccepted, outcome.ToString());
        return outcome.Receipt!.Grant;
    }

    public static GrantTerms Terms(GrantKind kind, long amount, CreditUnit? unit = null, DateTimeOffset? expiresAt = null, GrantScope? scope = null, int? priority = null) =>
        new(kind, new Amount(amount, unit ?? CreditUnit.Usd), priority ?? kind.DefaultPriority ?? 50, null, expiresAt,
            scope ?? GrantScope.Any, GrantSource.Operator, kind.IsPaid ? 1m : 0m);

    public Outcome<DebitReceipt> Debit(long nanos, string? key = null, string? model = null) =>
        Record(Wallet.Debit(new DebitWallet(key ?? NextKey(), UsdCharge(nanos, model)), Now));

    public Outcome<DebitReceipt> Debit(Charge charge, string? key = null) =>
        Record(Wallet.Debit(new DebitWallet(key ?? NextKey(), charge), Now));

    public Outcome<HoldReceipt> Authorize(long nanos, TimeSpan? ttl = null, string? key = null) =>
        Record(Wallet.Authorize(new AuthorizeHold(key ?? NextKey(), UsdCharge(nanos), ttl ?? TimeSpan.FromMinutes(5)), Now));

    public Outcome<HoldReceipt> Authorize(Charge estimate, TimeSpan? ttl = null, string? key = null) =>
        Record(Wallet.Authorize(new AuthorizeHold(key ?? NextKey(), estimate, ttl ?? TimeSpan.FromMinutes(5)), Now));

    public Outcome<GrowReceipt> Grow(Holds.HoldId hold, long nanos, string? model = null, TimeSpan? ttl = null, string? key = null) =>
        Grow(hold, UsdCharge(nanos, model), ttl, key);

    public Outcome<GrowReceipt> Grow(Holds.HoldId hold, Charge additional, TimeSpan? ttl = null, string? key = null) =>
        Record(Wallet.Grow(new GrowHold(key ?? NextKey(), hold, additional, ttl), Now));

    public Outcome<CaptureReceipt> Capture(Holds.HoldId hold, Charge actual, string? key = null) =>
        Record(Wallet.Capture(new CaptureHold(key ?? NextKey(), hold, actual), Now));

    public static AmountCharge UsdCharge(long nanos, string? model = null) =>
        new(Amount.Usd(nanos), new ChargeContext(null, model, null));

    /// <summary>A usage charge with input and output tokens at flat test prices.</summary>
    public static UsageCharge Usage(string model, long input, decimal inputPrice, long output, decimal outputPrice, string provider = "openai") =>
        new(new RatedUsage(model, provider,
            [new RatedLine(UsageComponent.Input, input, inputPrice), new RatedLine(UsageComponent.Output, output, outputPrice)],
            false, null));

    public IEnumerable<LedgerTransaction> Ledger => Journal.Select(e => e.ToLedgerTransaction(Wallet.Key));

    /// <summary>Sum of the wallet's postings in a unit, as a liability (credit-positive).</summary>
    public long WalletLiability(CreditUnit unit) =>
        -Ledger.SelectMany(t => t.Postings).Where(p => p.Account.IsWallet && p.Unit == unit).Sum(p => p.Amount);

    public static WalletSettings Settings(BillingMode mode = BillingMode.Prepaid, long overageLimit = 0, SpendPolicy? policy = null) =>
        new(new BillingTerms(mode, overageLimit), policy ?? SpendPolicy.Unlimited);
}
