using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Waterfall.FrontDoor.Http;

namespace Waterfall.FrontDoor.RateLimits;

/// <summary>
/// Rate limits per API key (ASP.NET Core rate limiting, a token bucket per key): over the limit, gRPC answers
/// RESOURCE_EXHAUSTED with ErrorInfo <c>RATE_LIMITED</c> and a <c>google.rpc.RetryInfo</c>; HTTP answers 429 with
/// <c>Retry-After</c> and a problem document. The refused call reaches no wallet. A request without a key is not
/// limited here (it is refused as unauthenticated, or is a health probe). Keys are told apart by their SHA-256,
/// so no clear key is kept.
/// </summary>
public static class KeyRateLimits
{
    public static IServiceCollection AddWaterfallRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.PermitsPerSecond >= 0 && o.Burst >= 0, $"{RateLimitOptions.Section}:PermitsPerSecond and Burst must not be negative.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, configured) =>
        {
            var limits = configured.Value;
            if (!limits.Enabled) return;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => KeyOf(http.Request) is { } key
                ? RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.BucketSize,
                    TokensPerPeriod = limits.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>Adds the limiter to the pipeline only when limits are configured: off, it costs a request nothing.</summary>
    public static WebApplication UseWaterfallRateLimits(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled) app.UseRateLimiter();
        return app;
    }

    private static string? KeyOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        var key = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : request.Headers["x-api-key"].ToString().Trim();
        return key.Length == 0 ? null : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        var http = context.HttpContext;
        var message = $"This API key is over its rate limit; retry after {seconds} s.";
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            // A trailers-only gRPC answer: the status in the headers, nothing in the body.
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/grpc";
            http.Response.Headers["grpc-status"] = ((int)Grpc.Core.StatusCode.ResourceExhausted).ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            http.Response.Headers["grpc-status-details-bin"] = Details(message, seconds);
            return;
        }
        var problem = HttpProblems.From(new Domain.Refusal(ProtocolReasons.RateLimited, message, [],
            new Dictionary<string, string> { ["retry_after_seconds"] = seconds.ToString(CultureInfo.InvariantCulture) }), StatusCodes.Status429TooManyRequests);
        await problem.ExecuteAsync(http);
    }

    private static string Details(string message, int seconds)
    {
        var info = new Google.Rpc.ErrorInfo { Reason = ProtocolReasons.RateLimited, Domain = RpcErrors.Domain };
        info.Metadata["retry_after_seconds"] = seconds.ToString(CultureInfo.InvariantCulture);
        var status = new Google.Rpc.Status { Code = (int)Grpc.Core.StatusCode.ResourceExhausted, Message = message };
        status.Details.Add(Any.Pack(info));
        status.Details.Add(Any.Pack(new Google.Rpc.RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)) }));
        return Convert.ToBase64String(status.ToByteArray());
    }
}
