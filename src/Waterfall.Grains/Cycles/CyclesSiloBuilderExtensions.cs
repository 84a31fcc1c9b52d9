using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waterfall.Ledger;

namespace Waterfall.Grains.Cycles;

public static class CyclesSiloBuilderExtensions
{
    /// <summary>
    /// Billing cycles and invoices: each subscription's cycle grain (woken by its reminder at each period
    /// boundary) and the tenant's invoice book. They read the wallets' journals through the configured
    /// store's <see cref="ILedgerReader"/>, and keep their state in the silo's default grain storage.
    /// </summary>
    public static ISiloBuilder AddWaterfallCycles(this ISiloBuilder silo, Action<CycleOptions>? configure = null)
    {
        silo.AddWalletClock();
        silo.Services.TryAddSingleton<ILedgerReader>(sp =>
            sp.GetService<ILedgerStore>() as ILedgerReader
            ?? sp.GetService<IWalletJournal>() as ILedgerReader
            ?? throw new InvalidOperationException("The configured store offers no ledger reader for billing cycles."));
        var options = silo.Services.AddOptions<CycleOptions>().BindConfiguration(CycleOptions.Section);
        if (configure is not null) options.Configure(configure);
        return silo;
    }
}
