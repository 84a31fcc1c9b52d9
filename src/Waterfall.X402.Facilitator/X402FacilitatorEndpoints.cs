using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Waterfall.X402.Facilitator;

/// <summary>
/// Maps the x402 facilitator API, shaped as the reference facilitator's:
/// <list type="bullet">
/// <item><c>POST {base}/verify</c> and <c>POST {base}/settle</c> take <c>{ x402Version, paymentPayload, paymentRequirements }</c>
///   and answer 200 with a VerifyResponse / SettleResponse — also when the payment is refused (isValid or success false, with the reason);</item>
/// <item><c>GET {base}/supported</c> answers the SupportedResponse;</item>
/// <item>a body that is not such a request (not JSON, not an object, no paymentPayload or paymentRequirements) answers 400
///   <c>{ "error": "…" }</c>; bad input never causes a 500.</item>
/// </list>
/// </summary>
public static class X402FacilitatorEndpoints
{
    /// <summary>Bodies beyond this size are not payment requests (a v2 payload is about 1 KB).</summary>
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>
    /// Maps the endpoints under <paramref name="basePath"/>, or under <c>Waterfall:X402:FacilitatorPath</c>
    /// ("/x402" by default) when it is null. Needs <c>services.AddX402()</c>.
    /// </summary>
    public static RouteGroupBuilder MapX402Facilitator(this IEndpointRouteBuilder endpoints, string? basePath = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        basePath ??= endpoints.ServiceProvider.GetService<IOptions<X402Options>>()?.Value.FacilitatorPath ?? X402Options.DefaultFacilitatorPath;
        if (!basePath.StartsWith('/'))
            basePath = "/" + basePath;
        var group = endpoints.MapGroup(basePath.TrimEnd('/'));
        group.MapPost("/verify", (HttpContext context, X402Facilitator facilitator) =>
            HandleAsync(context, (body, ct) => facilitator.VerifyAsync(body, ct), "verify"));
        group.MapPost("/settle", (HttpContext context, X402Facilitator facilitator) =>
            HandleAsync(context, (body, ct) => facilitator.SettleAsync(body, ct), "settle"));
        group.MapGet("/supported", (HttpContext context, X402Facilitator facilitator) =>
            WriteAsync(context, StatusCodes.Status200OK, X402Json.Stringify(facilitator.GetSupported())));
        return group;
    }

    private static async Task HandleAsync<T>(HttpContext context, Func<JsonElement, CancellationToken, Task<T>> operation, string name)
    {
        var logger = context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("Waterfall.X402.Facilitator");
        JsonElement body;
        try
        {
            body = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (X402RequestException e)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
            return;
        }
        try
        {
            var response = await operation(body, context.RequestAborted).ConfigureAwait(false);
            await WriteAsync(context, StatusCodes.Status200OK, X402Json.Stringify(response)).ConfigureAwait(false);
        }
        catch (X402RequestException e)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e)
        {
            // A bug or an unforeseen failure, not bad input: the reference answers 500 { error } here too.
            logger?.LogError(e, "x402 {Operation} failed", name);
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "Internal error while handling the " + name + " request.").ConfigureAwait(false);
        }
    }

    private static async Task<JsonElement> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxRequestBytes)
            throw new X402RequestException($"The request body is larger than {MaxRequestBytes} bytes.");
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
                throw new X402RequestException($"The request body is larger than {MaxRequestBytes} bytes.");
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            throw new X402RequestException(X402Facilitator.MissingPayloadOrRequirements);
        try
        {
            return X402Wire.ParseJson(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
        catch (X402FormatException e)
        {
            throw new X402RequestException("The request body is not JSON: " + e.InnerException?.Message);
        }
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string error) =>
        WriteAsync(context, status, X402Json.Stringify(new ErrorBody(error)));

    private static async Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(json, Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }

    private sealed record ErrorBody([property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error);
}
