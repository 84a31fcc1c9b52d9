using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waterfall.Contracts;
using Waterfall.Domain.Metering;
using Waterfall.FrontDoor.Services;
using Waterfall.Gateway.Auth;
using Waterfall.Gateway.Http;
using Waterfall.Gateway.Protocols;
using Waterfall.Gateway.Upstreams;
using CommandValidation = Waterfall.Domain.Wallets.CommandValidation;
using Identifier = Waterfall.Domain.Identifier;

namespace Waterfall.Gateway.Calls;

/// <summary>
/// One metered call, from the request to its admission: authenticate, read and parse the body, price the
/// model, route it, pay a presented x402 payment, and place the hold. Then a <see cref="BufferedCall"/> or
/// a <see cref="StreamedCall"/> forwards it and settles. Nothing reaches the provider before the hold is placed.
/// </summary>
public sealed partial class GatewayCallHandler(
    GatewayAuthenticator authenticator,
    TenantRating rating,
    UpstreamDirectory upstreams,
    UpstreamClient upstreamClient,
    CallPayments payments,
    WalletGrains wallets,
    BufferedCall buffered,
    StreamedCall streamed,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    ILogger<GatewayCallHandler> logger)
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string CustomerHeader = "X-Waterfall-Customer";
    private const int MaxRequestIdLength = 96; // leaves room for the suffixes of the call's own keys

    private GatewayOptions Options => options.Value;

    public async Task HandleAsync(HttpContext http, GatewayEndpoint endpoint)
    {
        var protocol = endpoint.ProtocolOf();
        var started = Stopwatch.GetTimestamp();
        var outcome = "refused";
        try
        {
            var call = await AdmitAsync(http, endpoint, protocol);
            if (call is null) return;
            outcome = call.Request.Stream
                ? await streamed.RunAsync(http, call, started)
                : await buffered.RunAsync(http, call, started);
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            outcome = "failed";
            LogCallFailed(logger, http.TraceIdentifier, ex);
            await GatewayReplies.WriteErrorAsync(http.Response, protocol, ProtocolErrors.Create(protocol, StatusCodes.Status500InternalServerError, "internal_error",
                $"The gateway could not complete this call (trace {http.TraceIdentifier}); nothing more than what its response headers say was charged."));
        }
        finally
        {
            metrics.Call(endpoint, outcome, http.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<MeteredCall?> AdmitAsync(HttpContext http, GatewayEndpoint endpoint, WireProtocol protocol)
    {
        var (caller, denied) = await authenticator.AuthenticateAsync(http.Request, protocol);
        if (caller is null) return await Refuse(http, protocol, denied!);

        var body = await ReadBodyAsync(http.Request);
        if (body is null)
            return await Refuse(http, protocol, ProtocolErrors.Create(protocol, StatusCodes.Status413RequestEntityTooLarge, "request_too_large",
                $"The request body is larger than this gateway accepts ({Options.MaxRequestBytes} bytes)."));
        if (!RequestParser.TryParse(endpoint, body, TokenCounter.Shared, Options.Limits, out var request, out var invalid))
            return await Refuse(http, protocol, invalid!);

        if (CallPricing.For(await rating.ForAsync(caller.TenantId), request!.Model, out _) is not { } pricing)
            return await Refuse(http, protocol, ProtocolErrors.Create(protocol, StatusCodes.Status404NotFound, "model_not_found",
                $"The model '{request.Model}' does not exist or is not priced here; GET /v1/models lists the models you can use.", "model"));
        if (!caller.MayUse(pricing.Model.Id))
            return await Refuse(http, protocol, ProtocolErrors.Create(protocol, StatusCodes.Status403Forbidden, "model_not_allowed",
                $"This key may not use model '{pricing.Model.Id}'.", "model"));
        if (upstreams.For(pricing.Model.Provider) is not { } upstream)
            return await Refuse(http, protocol, ProtocolErrors.Create(protocol, StatusCodes.Status400BadRequest, "model_not_available",
                $"Model '{pricing.Model.Id}' is served by provider '{pricing.Model.Provider}', which this gateway has no upstream for.", "model"));
        if (upstream.Protocol != protocol)
            return await Refuse(http, protocol, ProtocolErrors.Create(protocol, StatusCodes.Status400BadRequest, "wrong_protocol",
                $"Model '{pricing.Model.Id}' speaks the {upstream.Protocol} protocol; call it through {(upstream.Protocol == WireProtocol.Anthropic ? "/v1/messages" : "/v1/chat/completions or /v1/responses")}.", "model"));

        if (endpoint == GatewayEndpoint.CountTokens)
        {
            await PassThroughAsync(http, upstream, endpoint, request.ToUpstream(upstream.ModelIdFor(pricing.Model.Id), null, false));
            return null;
        }

        var requestId = RequestIdOf(http.Request, out var badKey);
        if (badKey is not null) return await Refuse(http, protocol, ProtocolErrors.Create(protocol, StatusCodes.Status400BadRequest, "invalid_idempotency_key", badKey));
        var customer = http.Request.Headers[CustomerHeader].ToString().Trim();
        if (customer.Length > 0 && !Identifier.IsValid(customer) || caller.AgentId is { } agent && !Identifier.IsValid(agent))
            return await Refuse(http, protocol, ProtocolErrors.Create(protocol, StatusCodes.Status400BadRequest, "invalid_attribution",
                $"{CustomerHeader} and {GatewayAuthenticator.AgentHeader} must be 1-128 characters of letters, digits and . _ : -"));
        // The end user is the platform's text, kept on the usage record; an empty one is no end user.
        var endUser = string.IsNullOrEmpty(request.User) ? null : request.User;
        if (endUser is not null && !CommandValidation.IsValidEndUser(endUser))
            return await Refuse(http, protocol, ProtocolErrors.Create(protocol, StatusCodes.Status400BadRequest, "invalid_user",
                $"The end user id must be at most {CommandValidation.MaxEndUserLength} characters with no control characters.",
                protocol == WireProtocol.Anthropic ? "metadata.user_id" : "user"));
        http.Response.Headers[GatewayReplies.RequestIdHeader] = requestId;

        if (!await payments.PayIfPresentedAsync(http, caller, protocol)) return null;

        var wallet = wallets.Get(caller.TenantId, caller.WalletId);
        var attribution = new Attribution(CustomerId: customer.Length > 0 ? customer : null, AgentId: caller.AgentId, RequestId: requestId,
            Model: pricing.Model.Id, Provider: pricing.Model.Provider, EndUser: endUser);
        var outputLimit = endpoint == GatewayEndpoint.Embeddings ? 0 : request.MaxOutputTokens ?? pricing.DefaultOutputLimit(Options.DefaultOutputTokens);

        for (var attempt = 1; attempt <= CallRecords.MaxAttempts; attempt++)
        {
            var attemptKey = CallRecords.AttemptKey(requestId, attempt);
            var hold = new CallHold(wallet, attemptKey, pricing, attribution, Options.HoldTtl, caller.PerRequestCap);
            var admission = await hold.AdmitAsync(request.PromptTokens, outputLimit, request.Choices, request.Stream, Options.StreamSliceTokens, Options.MinOutputTokens);
            if (admission.Refusal is { Reason: not Domain.Reasons.IdempotencyKeyReused } refusal)
            {
                if (refusal.Reason == Domain.Reasons.InsufficientFunds)
                    await payments.WritePaymentRequiredAsync(http, caller, protocol, refusal.Message);
                else
                    await GatewayReplies.WriteErrorAsync(http.Response, protocol, GatewayReplies.FromRefusal(protocol, refusal));
                return null;
            }
            if (admission.Refusal is null && !admission.Replayed)
                return new MeteredCall(caller, request, pricing, upstream, hold, requestId, admission.OutputLimit);

            // This request id was used before: never charge it twice.
            var prior = await CallRecords.FindAttemptAsync(wallet, requestId, attemptKey);
            if (prior.State == CallState.Released) continue; // that attempt charged nothing: try again
            return await Refuse(http, protocol, AlreadyUsed(protocol, prior, http.Response));
        }
        return await Refuse(http, protocol, ProtocolErrors.Create(protocol, StatusCodes.Status409Conflict, "idempotency_key_exhausted",
            $"Request id '{requestId}' has been tried {CallRecords.MaxAttempts} times; send a new Idempotency-Key."));
    }

    private static ProtocolError AlreadyUsed(WireProtocol protocol, CallRecord prior, HttpResponse response)
    {
        if (prior.State == CallState.Settled)
        {
            response.Headers[GatewayReplies.CostHeader] = GatewayReplies.Usd(prior.CostNanos ?? 0);
            return ProtocolErrors.Create(protocol, StatusCodes.Status409Conflict, "idempotency_key_reused",
                $"A call with request id '{prior.RequestId}' was already served and charged USD {GatewayReplies.Usd(prior.CostNanos ?? 0)}; it is not charged again. Send a new Idempotency-Key for a new call.");
        }
        return ProtocolErrors.Create(protocol, StatusCodes.Status409Conflict, "request_in_progress",
            $"A call with request id '{prior.RequestId}' is still in progress; it is not charged twice. Retry once it has finished, or send a new Idempotency-Key.");
    }

    private string RequestIdOf(HttpRequest request, out string? invalid)
    {
        invalid = null;
        var given = request.Headers[IdempotencyHeader].ToString().Trim();
        if (given.Length == 0) return $"req_{Guid.NewGuid():N}";
        if (given.Length > MaxRequestIdLength || !Identifier.IsValid(given))
            invalid = $"{IdempotencyHeader} must be 1-{MaxRequestIdLength} characters of letters, digits and . _ : -";
        return given;
    }

    private async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        var limit = Options.MaxRequestBytes;
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Forwards a call that costs nothing (Anthropic's token counting) and copies the answer back.</summary>
    private async Task PassThroughAsync(HttpContext http, Upstream upstream, GatewayEndpoint endpoint, byte[] body)
    {
        using var timeout = new CancellationTokenSource(Options.UpstreamTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, http.RequestAborted);
        try
        {
            using var response = await upstreamClient.SendAsync(upstream, endpoint, body, http.Request, linked.Token);
            http.Response.StatusCode = (int)response.StatusCode;
            UpstreamClient.CopyHeaders(response, http.Response);
            await response.Content.CopyToAsync(http.Response.Body, linked.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !http.RequestAborted.IsCancellationRequested)
        {
            var protocol = endpoint.ProtocolOf();
            await GatewayReplies.WriteErrorAsync(http.Response, protocol, timeout.IsCancellationRequested
                ? ProtocolErrors.Create(protocol, StatusCodes.Status504GatewayTimeout, "upstream_timeout", $"{upstream.Provider} did not answer in time.")
                : ProtocolErrors.Create(protocol, StatusCodes.Status502BadGateway, "upstream_unreachable", $"{upstream.Provider} could not be reached."));
        }
    }

    private static async Task<MeteredCall?> Refuse(HttpContext http, WireProtocol protocol, ProtocolError error)
    {
        await GatewayReplies.WriteErrorAsync(http.Response, protocol, error);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Gateway call {TraceId} failed")]
    private static partial void LogCallFailed(ILogger logger, string traceId, Exception exception);
}
