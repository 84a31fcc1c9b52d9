using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Http;
using Waterfall.FrontDoor.Services;
using Waterfall.TopUps;
using Waterfall.X402.Facilitator;

namespace Waterfall.FrontDoor;

public static class FrontDoorExtensions
{
    /// <summary>The gRPC front door's services: tenants from <c>Waterfall:Tenants</c>, rating, error mapping, reflection.</summary>
    public static IServiceCollection AddWaterfallFrontDoor(this IServiceCollection services)
    {
        services.AddOptions<TenantOptions>().BindConfiguration("Waterfall");
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<WalletKeys>();
        services.AddSingleton<TenantRating>();
        services.AddSingleton<DebitBatches>();
        services.AddSingleton<Contracts.WalletGrains>();
        services.AddGrpc(grpc => grpc.Interceptors.Add<ErrorInterceptor>());
        services.AddGrpcReflection();
        services.AddWalletTopUps();
        services.AddProblemDetails();
        return services;
    }

    public static IEndpointRouteBuilder MapWaterfallFrontDoor(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<WalletApi>();
        endpoints.MapGrpcService<PricingApi>();
        endpoints.MapGrpcService<TopUpApi>();
        endpoints.MapGrpcService<KeyApi>();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }

    /// <summary>The HTTP API (wallet top-ups over x402, wallet keys, batched debits and usage events) and, when <c>Waterfall:X402:ServeFacilitator</c> is on, the x402 facilitator.</summary>
    public static IEndpointRouteBuilder MapWaterfallHttpApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapWalletTopUps();
        endpoints.MapWalletKeys();
        endpoints.MapDebitBatches();
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<X402.X402Options>>().Value.ServeFacilitator)
            endpoints.MapX402Facilitator();
        return endpoints;
    }
}
