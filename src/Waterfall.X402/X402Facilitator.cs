using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Waterfall.X402.ExactEvmScheme.Reasons;

namespace Waterfall.X402;

/// <summary>
/// The facilitator's three operations on the reference's request and response shapes, independent of
/// any HTTP stack (Waterfall.X402.Facilitator maps them to /verify, /settle and /supported).
/// <para>Requests are <c>{ x402Version, paymentPayload, paymentRequirements }</c>; which x402 version they
/// are is read from <c>paymentPayload.x402Version</c>, as the reference routes them. An invalid payment,
/// and anything the reference would fail on with an exception (an unknown version, scheme or network, a
/// payload of the wrong shape, an unreachable chain) is an answer: isValid/success false and a reason.
/// Only a body that is not a request at all — not a JSON object, or without paymentPayload or
/// paymentRequirements — is refused with <see cref="X402RequestException"/> (HTTP 400).</para>
/// </summary>
public sealed class X402Facilitator
{
    /// <summary>The reference facilitator's 400 message.</summary>
    public const string MissingPayloadOrRequirements = "Missing paymentPayload or paymentRequirements";

    private readonly ExactEvmVerifier _verifier;
    private readonly IPaymentSettler? _settler;
    private readonly FacilitatorSigner? _signer;
    private readonly ILogger _logger;

    /// <param name="settler">Settles verified payments; an <see cref="ExactEvmSettler"/> also resumes pending ones. Null: /settle refuses.</param>
    /// <param name="signer">Its address is advertised in /supported.</param>
    public X402Facilitator(ExactEvmVerifier verifier, IPaymentSettler? settler, FacilitatorSigner? signer, ILogger<X402Facilitator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        _verifier = verifier;
        _settler = settler;
        _signer = signer;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public X402Networks Networks => _verifier.Networks;

    /// <summary>Every configured network for v2, and under its v1 name for v1; the signer under "eip155:*".</summary>
    public SupportedResponse GetSupported()
    {
        var kinds = new List<SupportedKind>();
        foreach (var network in Networks.All)
            kinds.Add(new SupportedKind { X402Version = 2, Scheme = ExactEvmScheme.Name, Network = network.Id });
        foreach (var network in Networks.All)
            if (network.V1Name is { } v1)
                kinds.Add(new SupportedKind { X402Version = 1, Scheme = ExactEvmScheme.Name, Network = v1 });
        var signers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (_signer is not null)
            signers[ExactEvmScheme.Family] = [_signer.Address.ToString()];
        return new SupportedResponse { Kinds = kinds, Extensions = [], Signers = signers };
    }

    /// <summary>POST /verify.</summary>
    public async Task<VerifyResponse> VerifyAsync(JsonElement body, CancellationToken cancellationToken = default)
    {
        var request = Read(body);
        switch (Route(request))
        {
            case Refusal refusal:
                return VerifyResponse.Invalid(refusal.Reason, refusal.Payer, refusal.Message);
            case V2 v2:
                return await _verifier.VerifyAsync(v2.Payload, v2.Requirements, cancellationToken).ConfigureAwait(false);
            case V1 v1:
                return await _verifier.VerifyAsync(v1.Payload, v1.Requirements, cancellationToken).ConfigureAwait(false);
            default:
                throw new InvalidOperationException("Unreachable.");
        }
    }

    /// <summary>POST /settle: verifies (without simulation, as the reference) and settles.</summary>
    public async Task<SettleResponse> SettleAsync(JsonElement body, CancellationToken cancellationToken = default)
    {
        var request = Read(body);
        var routed = Route(request);
        if (routed is Refusal refusal)
            return SettleResponse.Failed(refusal.Reason, refusal.Network, refusal.Payer, message: refusal.Message);
        var network = routed switch
        {
            V2 v2 => v2.Payload.Accepted.Network,
            V1 v1 => v1.Payload.Network,
            _ => throw new InvalidOperationException("Unreachable."),
        };
        if (_settler is null)
        {
            return SettleResponse.Failed(
                UnexpectedSettleError, network, PayerOf(request.Payload), message: "This facilitator has no signer configured, so it cannot settle.");
        }
        if (_settler is ExactEvmSettler exact)
        {
            // It verifies itself, after looking for a settlement of the same payment still in flight.
            return routed switch
            {
                V2 v2 => await exact.SettleAsync(v2.Payload, v2.Requirements, cancellationToken).ConfigureAwait(false),
                V1 v1 => await exact.SettleAsync(v1.Payload, v1.Requirements, cancellationToken).ConfigureAwait(false),
                _ => throw new InvalidOperationException("Unreachable."),
            };
        }
        var verification = routed switch
        {
            V2 v2 => await _verifier.CheckAsync(v2.Payload, v2.Requirements, simulate: false, cancellationToken).ConfigureAwait(false),
            V1 v1 => await _verifier.CheckAsync(v1.Payload, v1.Requirements, simulate: false, cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException("Unreachable."),
        };
        return verification.Payment is { } payment
            ? await _settler.SettleAsync(payment, cancellationToken).ConfigureAwait(false)
            : SettleResponse.Failed(
                verification.Response.InvalidReason ?? InvalidScheme, network, verification.Response.Payer, message: verification.Response.InvalidMessage);
    }

    private sealed record Request(JsonElement Payload, JsonElement Requirements);

    private abstract record Routed;

    private sealed record Refusal(string Reason, string Network, string? Payer, string? Message) : Routed;

    private sealed record V2(PaymentPayload Payload, PaymentRequirements Requirements) : Routed;

    private sealed record V1(PaymentPayloadV1 Payload, PaymentRequirementsV1 Requirements) : Routed;

    // The reference's express handler refuses a body without a truthy paymentPayload or paymentRequirements.
    private static Request Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw new X402RequestException("The request body must be a JSON object: { x402Version, paymentPayload, paymentRequirements }.");
        if (!body.TryGetProperty("paymentPayload", out var payload) || !Truthy(payload)
            || !body.TryGetProperty("paymentRequirements", out var requirements) || !Truthy(requirements))
        {
            throw new X402RequestException(MissingPayloadOrRequirements);
        }
        return new Request(payload, requirements);
    }

    private Routed Route(Request request)
    {
        var payer = PayerOf(request.Payload);
        var payloadNetwork = StringMember(request.Payload, "network")
            ?? (request.Payload.ValueKind == JsonValueKind.Object && request.Payload.TryGetProperty("accepted", out var accepted) ? StringMember(accepted, "network") : null)
            ?? StringMember(request.Requirements, "network")
            ?? "";
        var version = request.Payload.ValueKind == JsonValueKind.Object
            && request.Payload.TryGetProperty("x402Version", out var v)
            && v.ValueKind == JsonValueKind.Number
            && v.TryGetInt32(out var n)
                ? n
                : (int?)null;
        if (version is not (1 or 2))
        {
            _logger.LogInformation("x402 request refused: x402Version {Version} is not supported", version);
            return new Refusal(InvalidX402Version, payloadNetwork, payer, "paymentPayload.x402Version must be 1 or 2.");
        }
        try
        {
            if (version == 2)
            {
                PaymentPayload payload;
                try
                {
                    payload = X402Wire.ParsePaymentPayload(request.Payload);
                }
                catch (X402FormatException e)
                {
                    return new Refusal(InvalidPayload, payloadNetwork, payer, e.Message);
                }
                var requirements = X402Wire.ParsePaymentRequirements(request.Requirements);
                if (requirements.Scheme != ExactEvmScheme.Name)
                    return new Refusal(UnsupportedScheme, payload.Accepted.Network, payer, $"Scheme '{requirements.Scheme}' is not supported on {requirements.Network}.");
                if (!Networks.TryGet(requirements.Network, out _))
                    return new Refusal(InvalidNetwork, payload.Accepted.Network, payer, $"Network '{requirements.Network}' is not served by this facilitator.");
                return new V2(payload, requirements);
            }
            else
            {
                PaymentPayloadV1 payload;
                try
                {
                    payload = X402Wire.ParsePaymentPayloadV1(request.Payload);
                }
                catch (X402FormatException e)
                {
                    return new Refusal(InvalidPayload, payloadNetwork, payer, e.Message);
                }
                var requirements = X402Wire.ParsePaymentRequirementsV1(request.Requirements);
                if (requirements.Scheme != ExactEvmScheme.Name)
                    return new Refusal(UnsupportedScheme, payload.Network, payer, $"Scheme '{requirements.Scheme}' is not supported on {requirements.Network}.");
                if (!Networks.TryGetByV1Name(requirements.Network, out _))
                    return new Refusal(InvalidNetwork, payload.Network, payer, $"Network '{requirements.Network}' is not served by this facilitator.");
                return new V1(payload, requirements);
            }
        }
        catch (X402FormatException e)
        {
            return new Refusal(InvalidPaymentRequirements, payloadNetwork, payer, e.Message);
        }
    }

    private static string? PayerOf(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object
        && payload.TryGetProperty("payload", out var inner)
        && inner.ValueKind == JsonValueKind.Object
        && inner.TryGetProperty("authorization", out var authorization)
            ? StringMember(authorization, "from")
            : null;

    private static string? StringMember(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    // JavaScript truthiness of a JSON value.
    private static bool Truthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.False or JsonValueKind.Undefined => false,
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Number => value.GetDouble() != 0,
        _ => true,
    };
}

/// <summary>A facilitator request body that is not a request at all: answered with HTTP 400 and <c>{ "error": Message }</c>.</summary>
public sealed class X402RequestException : X402FormatException
{
    public X402RequestException(string message)
        : base(message)
    {
    }
}
