using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Http;
using Waterfall.FrontDoor.Http.OpenApi;
using Waterfall.FrontDoor.Http.Transcoding;
using Waterfall.FrontDoor.RateLimits;
using Waterfall.FrontDoor.Services;
using Waterfall.TopUps;
using Waterfall.X402.Facilitator;

namespace Waterfall.FrontDoor;

public static class FrontDoorExtensions
{
    /// <summary>The gRPC front door's services: tenants from <c>Waterfall:Tenants</c>, rating, error mapping, reflection, HTTP/JSON transcoding.</summary>
    public static IServiceCollection AddWaterfallFrontDoor(this IServiceCollection services)
    {
        services.AddOptions<TenantOptions>().BindConfiguration("Waterfall").ValidateOnStart();
        services.AddSingleton<IValidateOptions<TenantOptions>, TenantOptionsValidator>();
        services.AddWaterfallRateLimits();
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<WalletKeys>();
        services.AddOptions<PricingOptions>().BindConfiguration("Waterfall:Pricing");
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TenantRating>();
        services.AddSingleton<DebitBatches>();
        services.AddSingleton<Contracts.WalletGrains>();
        // Registered, so gRPC takes the one instance instead of constructing an interceptor for every call.
        services.AddSingleton<ErrorInterceptor>();
        services.TryAddSingleton(IAnsweredCalls.None);
        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<ErrorInterceptor>();
            grpc.IgnoreUnknownServices = true; // answered by UnknownCalls instead, without a route that costs every call
        }).AddJsonTranscoding(json =>
            // The details a refusal carries, so the transcoder can write the status at all.
            json.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromMessages(Google.Rpc.ErrorInfo.Descriptor, Google.Rpc.BadRequest.Descriptor));
        // Grpc.AspNetCore and the transcoder log every unreadable body ("Error reading message.") and every
        // refusal at Information, with the exception: anyone could fill the log. Errors still come through.
        services.AddLogging(logging => logging
            .AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Warning)
            .AddFilter("Grpc.AspNetCore.Grpc.JsonTranscoding", LogLevel.Warning));
        // Our binder instead of Grpc.AspNetCore's: the same methods, with request marshallers that
        // refuse a malformed body as INVALID_ARGUMENT (the transcoder's own provider is untouched).
        var builtIn = typeof(IServiceMethodProvider<>).Assembly;
        foreach (var binder in services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>) && d.ImplementationType?.Assembly == builtIn).ToList())
            services.Remove(binder);
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(GuardedServiceMethodProvider<>));
        services.AddTransient<IStartupFilter, MessageTooLargeDetails>();
        services.AddGrpcReflection();
        services.AddWalletTopUps();
        services.AddProblemDetails();
        return services;
    }

    /// <summary>The gRPC services, and the answer to a call none of them has (which every host composing the front door needs).</summary>
    public static WebApplication MapWaterfallFrontDoor(this WebApplication app)
    {
        // A WebApplication runs the middleware added here after routing and before its app.
        app.UseUnknownGrpcCallsAnswered();
        app.MapGrpcService<WalletApi>().Add(TranscodedCalls.Apply);
        app.MapGrpcService<PricingApi>().Add(TranscodedCalls.Apply);
        app.MapGrpcService<TopUpApi>().Add(TranscodedCalls.Apply);
        app.MapGrpcService<KeyApi>().Add(TranscodedCalls.Apply);
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>The HTTP API (wallet top-ups over x402, usage events as CloudEvents, the OpenAPI document and <c>/docs</c> of the transcoded gRPC operations) and, when <c>Waterfall:X402:ServeFacilitator</c> is on, the x402 facilitator.</summary>
    public static IEndpointRouteBuilder MapWaterfallHttpApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapWalletTopUps();
        endpoints.MapApiReference();
        endpoints.MapUsageEvents();
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<X402.X402Options>>().Value.ServeFacilitator)
            endpoints.MapX402Facilitator().RequireApiKey();
        return endpoints;
    }
}
