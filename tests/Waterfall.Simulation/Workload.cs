using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Simulation;

/// <summary>What the simulated clients ask for: grants (some expiring), debits, and holds captured or voided.</summary>
internal sealed class Workload(Random random)
{
    private const long Usd = 1_000_000_000;
    private int _next;

    public static Operation Open() =>
        new(new OpenWallet("open", WalletSettings.Default), (w, now) => Answer.Of(w.Open(new OpenWallet("open", WalletSettings.Default), now)));

    /// <summary>A new operation; <paramref name="holds"/> are holds some client was answered with.</summary>
    public Operation Next(DateTimeOffset now, IReadOnlyList<(HoldId Hold, long Estimate)> holds)
    {
        var key = $"op-{++_next}";
        var pick = random.Next(100);
        if (pick < 20) return Grant(key, now);
        if (pick < 60) return Debit(key, Usd / 100 * random.Next(1, 400));
        if (pick < 78 || holds.Count == 0) return Authorize(key, Usd / 100 * random.Next(1, 400), TimeSpan.FromSeconds(random.Next(10, 1800)));
        var (hold, estimate) = holds[random.Next(holds.Count)];
        return random.Next(3) == 0 ? Void(key, hold) : Capture(key, hold, Math.Max(1, estimate * random.Next(0, 130) / 100));
    }

    private Operation Grant(string key, DateTimeOffset now)
    {
        var kind = random.Next(3) == 0 ? GrantKind.Promotional : GrantKind.Purchased;
        DateTimeOffset? expires = random.Next(2) == 0 ? now.AddSeconds(random.Next(30, 7200)) : null;
        var terms = new GrantTerms(kind, Amount.Usd(Usd * random.Next(1, 20)), kind.DefaultPriority ?? 50, null, expires,
            GrantScope.Any, GrantSource.Operator, kind.IsPaid ? 1m : 0m);
        var command = new GrantCredits(key, terms);
        return new(command, (w, at) => Answer.Of(w.GrantCredits(command, at)));
    }

    private static Operation Debit(string key, long nanos)
    {
        var command = new DebitWallet(key, Money(nanos));
        return new(command, (w, at) => Answer.Of(w.Debit(command, at)));
    }

    private static Operation Authorize(string key, long nanos, TimeSpan ttl)
    {
        var command = new AuthorizeHold(key, Money(nanos), ttl);
        return new(command, (w, at) => Answer.Of(w.Authorize(command, at)));
    }

    private static Operation Capture(string key, HoldId hold, long nanos)
    {
        var command = new CaptureHold(key, hold, Money(nanos));
        return new(command, (w, at) => Answer.Of(w.Capture(command, at)));
    }

    private static Operation Void(string key, HoldId hold)
    {
        var command = new VoidHold(key, hold);
        return new(command, (w, at) => Answer.Of(w.Void(command, at)));
    }

    private static AmountCharge Money(long nanos) => new(Amount.Usd(nanos), new ChargeContext(null, null, null));
}
