using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Waterfall.Grains;

public static class WaterfallSiloBuilderExtensions
{
    /// <summary>
    /// Registers what the wallet grains need except the journal, which the chosen store provides
    /// (<c>AddInMemoryWalletJournal</c>, PostgreSQL or the embedded file).
    /// </summary>
    public static ISiloBuilder AddWaterfallGrains(this ISiloBuilder silo, Action<WalletGrainOptions>? configure = null)
    {
        silo.Services.TryAddSingleton(sp =>
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WalletGrainOptions>>().Value.ClockOffset is { } offset && offset != TimeSpan.Zero
                ? new WalletClock(TimeProvider.System, offset)
                : WalletClock.System);
        var options = silo.Services.AddOptions<WalletGrainOptions>().BindConfiguration(WalletGrainOptions.Section);
        if (configure is not null) options.Configure(configure);
        silo.Services.AddOptions<Settlement.SettlementOptions>().BindConfiguration(Settlement.SettlementOptions.Section);
        silo.Services.TryAddSingleton<Contracts.Settlement.ISettlementChain, Settlement.UnconfiguredSettlementChain>();
        silo.AddWalletDeadlines();
        return silo;
    }
}
