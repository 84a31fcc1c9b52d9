using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Services;

namespace Waterfall.FrontDoor;

public static class FrontDoorExtensions
{
    /// <summary>The gRPC front door's services: tenants from <c>Waterfall:Tenants</c>, rating, error mapping, reflection.</summary>
    public static IServiceCollection AddWaterfallFrontDoor(this IServiceCollection services)
    {
        services.AddOptions<TenantOptions>().BindConfiguration("Waterfall");
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<TenantRating>();
        services.AddSingleton<Contracts.WalletGrains>();
        services.AddGrpc(grpc => grpc.Interceptors.Add<ErrorInterceptor>());
        services.AddGrpcReflection();
        return services;
    }

    public static IEndpointRouteBuilder MapWaterfallFrontDoor(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<WalletApi>();
        endpoints.MapGrpcService<PricingApi>();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }
}
