using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waterfall.Finance.Reconciliation;
using Waterfall.Ledger;

namespace Waterfall.Finance;

/// <summary>The finance module: one call registers it, one maps its gRPC service and HTTP endpoints.</summary>
public static class FinanceExtensions
{
    /// <summary>
    /// Finance's services. The ledger is read through the configured store's <see cref="ILedgerReader"/> (the
    /// durable store, or the in-memory journal), unless the host registered a reader of its own.
    /// </summary>
    public static IServiceCollection AddWaterfallFinance(this IServiceCollection services)
    {
        services.TryAddSingleton<ILedgerReader>(sp =>
            sp.GetService<ILedgerStore>() as ILedgerReader
            ?? sp.GetService<IWalletJournal>() as ILedgerReader
            ?? throw new InvalidOperationException("The configured store offers no ledger reader for finance."));
        services.AddSingleton<FinanceQueries>();
        services.AddSingleton<TopUpReconciliation>();
        services.AddSingleton<TopUpHistory>();
        return services;
    }

    public static IEndpointRouteBuilder MapWaterfallFinance(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<FinanceApi>();
        endpoints.MapFinanceHttp();
        return endpoints;
    }
}
