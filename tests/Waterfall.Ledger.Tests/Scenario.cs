using Waterfall.Domain.Billing;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Policy;
using Waterfall.Domain.Pricing.Rating;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;

namespace Waterfall.Ledger.Tests;

/// <summary>Drives a real wallet through every kind of event, collecting the journal entries it produces.</summary>
internal sealed class Scenario
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The platform's end user of the usage debit; the usage hold's is <see cref="HoldEndUser"/>, which its capture keeps.</summary>
    public const string EndUser = "end-user-42";
    public const string HoldEndUser = "alice@example.com";

    public Scenario(string tenant = "t1", string wallet = "w1")
    {
        Key = new WalletKey(tenant, wallet);
        Wallet = new Wallet(Key);
    }

    public WalletKey Key { get; }
    public Wallet Wallet { get; }
    public DateTimeOffset Now { get; set; } = Start;
    public List<JournalEntry> Entries { get; } = [];

    private int _keys;
    private string K() => $"k{++_keys}";

    private void Take<T>(Outcome<T> outcome) where T : Receipt
    {
        if (!outcome.IsAccepted) throw new InvalidOperationException(outcome.ToString());
        foreach (var e in outcome.Events) Entries.Add(new JournalEntry(e, outcome.Receipt));
    }

    private void Tick() { foreach (var e in Wallet.Tick(Now)) Entries.Add(new JournalEntry(e)); }

    /// <summary>Opens, grants, debits (amount and usage), holds, grows, captures, voids, extends, expires and changes settings.</summary>
    public Scenario EveryEventKind()
    {
        Take(Wallet.Open(new OpenWallet(K(), new WalletSettings(new BillingTerms(BillingMode.Hybrid, 5_000_000), new SpendPolicy(DailyBudget: 900_000_000, AllowedModels: ["gpt-4o"]), "cust-1")), Now));
        Take(Wallet.GrantCredits(new GrantCredits(K(), new GrantTerms(GrantKind.Promotional, Amount.Usd(50_000_000), 10, null, Now.AddMinutes(30),
            new GrantScope(["llm_tokens"], ["gpt-4o"], []), new GrantSource(GrantSourceKind.Campaign, "spring"), 0m)), Now));
        Take(Wallet.CreditTopUp(new GrantCredits(K(), new GrantTerms(GrantKind.Purchased, Amount.Usd(100_000_000), 30, null, null,
            GrantScope.Any, new GrantSource(GrantSourceKind.X402Payment, "0xabc"), 1m), new Attribution(Payer: "0xpayer", Network: "eip155:8453")), Now));
        Take(Wallet.GrantCredits(new GrantCredits(K(), new GrantTerms(GrantKind.Bonus, Amount.Tokens(1_000), 20, null, null, GrantScope.Any, GrantSource.Operator, null)), Now));
        var usage = new UsageCharge(new RatedUsage("gpt-4o", "openai",
            [new RatedLine(UsageComponent.Input, 1_200, 0.0000025m), new RatedLine(UsageComponent.CacheRead, 300, 0.00000125m), new RatedLine(UsageComponent.Output, 450, 0.00001m)], false, null));
        Take(Wallet.Debit(new DebitWallet(K(), usage, new Attribution(AgentId: "agent-1", RequestId: "req-1", EndUser: EndUser)), Now));
        Take(Wallet.Debit(new DebitWallet(K(), new AmountCharge(Amount.Usd(1_234_567), new ChargeContext("api_calls", "gpt-4o", "openai"))), Now));
        var hold = Wallet.Authorize(new AuthorizeHold(K(), usage, TimeSpan.FromMinutes(2), new Attribution(EndUser: HoldEndUser)), Now);
        Take(hold);
        Take(Wallet.Extend(new ExtendHold(K(), hold.Receipt!.Hold, TimeSpan.FromMinutes(3)), Now));
        Take(Wallet.Grow(new GrowHold(K(), hold.Receipt.Hold, usage with { Usage = usage.Usage with { Lines = [new RatedLine(UsageComponent.Output, 512, 0.00001m)] } }, TimeSpan.FromMinutes(4)), Now));
        Take(Wallet.Capture(new CaptureHold(K(), hold.Receipt.Hold, usage with { Usage = usage.Usage with { Lines = [new RatedLine(UsageComponent.Input, 100, 0.0000025m)] } }), Now));
        var toVoid = Wallet.Authorize(new AuthorizeHold(K(), new AmountCharge(Amount.Usd(2_000_000), new ChargeContext(null, "gpt-4o", null)), TimeSpan.FromMinutes(1)), Now);
        Take(toVoid);
        Take(Wallet.Void(new VoidHold(K(), toVoid.Receipt!.Hold), Now));
        Take(Wallet.Authorize(new AuthorizeHold(K(), new AmountCharge(Amount.Usd(3_000_000), new ChargeContext(null, "gpt-4o", null)), TimeSpan.FromMinutes(1)), Now));
        Take(Wallet.ChangeSettings(new ChangeSettings(K(), WalletSettings.Default), Now));
        var x402 = new GrantSource(GrantSourceKind.X402Payment, "0xnonce1");
        var paid = Wallet.CreditTopUp(new GrantCredits(K(), new GrantTerms(GrantKind.Purchased, Amount.Usd(1_000_000), 2, null, null, GrantScope.Any, x402, 1m),
            new Attribution(Payer: "0xpayer", Network: "eip155:31337")), Now);
        Take(paid);
        Take(Wallet.ConfirmTopUp(new ConfirmTopUp(K(), paid.Receipt!.Grant, "0x" + new string('b', 64)), Now));
        var unpaid = Wallet.CreditTopUp(new GrantCredits(K(), new GrantTerms(GrantKind.Purchased, Amount.Usd(2_000_000), 1, null, null, GrantScope.Any, x402 with { Reference = "0xnonce2" }, 1m),
            new Attribution(Payer: "0xpayer", Network: "eip155:31337")), Now);
        Take(unpaid);
        var held = Wallet.Authorize(new AuthorizeHold(K(), new AmountCharge(Amount.Usd(500_000), default), TimeSpan.FromMinutes(1)), Now);
        Take(held);
        Take(Wallet.ReverseTopUp(new ReverseTopUp(K(), unpaid.Receipt!.Grant, "payer moved the funds"), Now));
        Take(Wallet.Void(new VoidHold(K(), held.Receipt!.Hold), Now));
        Tick(); // the released credit of the revoked grant is taken back
        Now = Now.AddHours(1);
        Tick(); // the last hold expires, the promotional grant expires
        return this;
    }

    /// <summary>A run of small debits against a funded wallet.</summary>
    public Scenario Debits(int count, long nanos = 1_000)
    {
        if (!Wallet.IsOpen)
        {
            Take(Wallet.Open(new OpenWallet(K(), WalletSettings.Default), Now));
            Take(Wallet.GrantCredits(new GrantCredits(K(), new GrantTerms(GrantKind.Purchased, Amount.Usd(1_000_000_000), 30, null, null, GrantScope.Any, GrantSource.Operator, 1m)), Now));
        }
        for (var i = 0; i < count; i++)
            Take(Wallet.Debit(new DebitWallet(K(), new AmountCharge(Amount.Usd(nanos), default)), Now));
        return this;
    }

    public IReadOnlyList<JournalEntry> TakeEntries()
    {
        var taken = Entries.ToList();
        Entries.Clear();
        return taken;
    }
}
