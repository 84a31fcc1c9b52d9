using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waterfall.Grains.Cycles;

namespace Waterfall.Grains.Billing;

public static class BillingSiloBuilderExtensions
{
    /// <summary>
    /// The billing context: plans, customers, subscriptions and campaigns. Their grains keep their state
    /// in the silo's default grain storage, the one the store configuration sets up.
    /// </summary>
    public static ISiloBuilder AddWaterfallBilling(this ISiloBuilder silo)
    {
        silo.AddWalletClock();
        silo.Services.TryAddSingleton(KnownModels.Catalog);
        silo.AddWaterfallCycles();
        return silo;
    }
}
