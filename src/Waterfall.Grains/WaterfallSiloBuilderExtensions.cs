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
        silo.AddWalletClock();
        var options = silo.Services.AddOptions<WalletGrainOptions>();
        if (configure is not null) options.Configure(configure);
        silo.Services.AddOptions<Settlement.SettlementOptions>().BindConfiguration(Settlement.SettlementOptions.Section);
        silo.Services.TryAddSingleton<Contracts.Settlement.ISettlementChain, Settlement.UnconfiguredSettlementChain>();
        silo.AddWalletDeadlines();
        return silo;
    }
}
