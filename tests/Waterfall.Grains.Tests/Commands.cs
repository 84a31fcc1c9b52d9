using Waterfall.Contracts;

namespace Waterfall.Grains.Tests;

/// <summary>Builders for grain commands, so each test reads as the scenario it checks.</summary>
internal static class Commands
{
    public static readonly WalletSettings Prepaid = new(0, 0, null, null, null, [], null);

    public static OpenWallet Open(WalletSettings? settings = null) => new("open", settings ?? Prepaid);

    public static GrantCredits GrantUsd(string key, long nanos, string kind = "purchased") =>
        new(key, new GrantTerms(kind, new Amount(nanos, "usd"), kind switch { "promotional" => 10, "bonus" => 20, _ => 30 },
            null, null, new GrantScope([], [], []), 0, null, kind == "purchased" ? 1m : 0m), null);

    public static DebitWallet DebitUsd(string key, long nanos) =>
        new(key, new Charge(new Amount(nanos, "usd"), null, null, null), null);

    public static AuthorizeHold AuthorizeUsd(string key, long nanos, TimeSpan? ttl = null) =>
        new(key, new Charge(new Amount(nanos, "usd"), null, null, null), ttl ?? TimeSpan.FromMinutes(5), null);

    public static GrowHold GrowUsd(string key, string hold, long nanos, TimeSpan? ttl = null) =>
        new(key, hold, new Charge(new Amount(nanos, "usd"), null, null, null), ttl);

    public static CaptureHold CaptureUsd(string key, string hold, long nanos) =>
        new(key, hold, new Charge(new Amount(nanos, "usd"), null, null, null), null);

    public static string NewWalletId() => $"w-{Guid.NewGuid():N}";
}
