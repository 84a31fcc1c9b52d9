using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waterfall.Gateway.Auth;
using Waterfall.Gateway.Calls;
using Waterfall.Gateway.Http;
using Waterfall.Gateway.Protocols;
using Waterfall.Gateway.Upstreams;

namespace Waterfall.Gateway;

/// <summary>The gateway module's entry points: <see cref="AddWaterfallGateway"/> for services, <see cref="MapWaterfallGateway"/> for endpoints.</summary>
public static class GatewayExtensions
{
    /// <summary>Registers the gateway: options from <c>Waterfall:Gateway</c>, upstreams, metering. Needs the front door's services.</summary>
    public static IServiceCollection AddWaterfallGateway(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section)
            .Validate(o => o.TopUpAmountUsd > 0 && o.TopUpAmountUsd * 1_000_000 == decimal.Truncate(o.TopUpAmountUsd * 1_000_000),
                "Waterfall:Gateway:TopUpAmountUsd must be a positive whole number of USDC units (at most 6 decimals).")
            .Validate(o => o.MaxRequestBytes > 0 && o.StreamSliceTokens > 0 && o.MinOutputTokens > 0 && o.DefaultOutputTokens > 0 && o.MaxChoices > 0 && o.MaxOutputTokens > 0,
                "Waterfall:Gateway sizes (MaxRequestBytes, StreamSliceTokens, MinOutputTokens, DefaultOutputTokens, MaxChoices, MaxOutputTokens) must be positive.")
            .Validate(o => o.UpstreamTimeout > TimeSpan.Zero && o.StreamIdleTimeout > TimeSpan.Zero && o.DrainTimeout >= TimeSpan.Zero && o.HoldTtl > o.UpstreamTimeout,
                "Waterfall:Gateway timeouts must be positive, and HoldTtl longer than UpstreamTimeout (a hold must outlive the call it pays for).")
            .ValidateOnStart();
        services.AddHttpClient(UpstreamClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AutomaticDecompression = System.Net.DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                EnableMultipleHttp2Connections = true,
            });
        services.AddMetrics();
        services.TryAddSingleton<GatewayMetrics>();
        services.TryAddSingleton<UpstreamDirectory>();
        services.TryAddSingleton<UpstreamClient>();
        services.TryAddSingleton<GatewayAuthenticator>();
        services.TryAddSingleton<CallPayments>();
        services.TryAddSingleton<BufferedCall>();
        services.TryAddSingleton<StreamedCall>();
        services.TryAddSingleton<GatewayCallHandler>();
        services.AddHostedService<TokenizerPreload>();
        return services;
    }

    /// <summary>
    /// The OpenAI- and Anthropic-compatible endpoints: an SDK pointed at this host (OpenAI: <c>…/v1</c>; Anthropic:
    /// the root) with a wallet key works unchanged.
    /// </summary>
    public static IEndpointRouteBuilder MapWaterfallGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        Map(endpoints, "/v1/chat/completions", GatewayEndpoint.ChatCompletions);
        Map(endpoints, "/v1/responses", GatewayEndpoint.Responses);
        Map(endpoints, "/v1/embeddings", GatewayEndpoint.Embeddings);
        Map(endpoints, "/v1/messages", GatewayEndpoint.Messages);
        Map(endpoints, "/v1/messages/count_tokens", GatewayEndpoint.CountTokens);
        endpoints.MapGet("/v1/models", ModelsEndpoint.ListAsync);
        endpoints.MapGet("/v1/calls/{requestId}", CallsEndpoint.GetAsync);
        return endpoints;
    }

    private static void Map(IEndpointRouteBuilder endpoints, string path, GatewayEndpoint endpoint) =>
        endpoints.MapPost(path, (HttpContext http, GatewayCallHandler handler) => handler.HandleAsync(http, endpoint));
}
