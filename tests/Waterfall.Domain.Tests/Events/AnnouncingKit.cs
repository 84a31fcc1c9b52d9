using Waterfall.Domain.Events;
using Waterfall.Domain.Policy;
using Waterfall.Domain.Tests.Wallets;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Events;

/// <summary>A wallet driven the way the grain drives it: observe, tick, decide, observe, derive.</summary>
internal sealed class AnnouncingKit
{
    public AnnouncingKit(long? threshold, WalletOptions? options = null)
    {
        Kit = new WalletTestKit(WalletTestKit.Settings(policy: new SpendPolicy(LowBalanceThreshold: threshold)), options);
    }

    public WalletTestKit Kit { get; }
    public List<Announcement> Announced { get; } = [];

    public IReadOnlyList<Announcement> Step<T>(Func<WalletTestKit, Outcome<T>> decide) where T : Receipt
    {
        var before = Kit.Wallet.Observe();
        var expired = Kit.Wallet.Tick(Kit.Now);
        Kit.Journal.AddRange(expired);
        var outcome = decide(Kit);
        return Derive(before, [.. expired, .. outcome.Events]);
    }

    public IReadOnlyList<Announcement> Tick()
    {
        var before = Kit.Wallet.Observe();
        var expired = Kit.Wallet.Tick(Kit.Now);
        Kit.Journal.AddRange(expired);
        return Derive(before, expired);
    }

    private IReadOnlyList<Announcement> Derive(BalanceState before, IReadOnlyList<WalletEvent> events)
    {
        var announced = WalletAnnouncements.Derive(Kit.Wallet.Key, Kit.Wallet.Settings.CustomerId, before, Kit.Wallet.Observe(), events);
        Announced.AddRange(announced);
        return announced;
    }

    public IEnumerable<string> Types => Announced.Select(a => a.Type);
}
