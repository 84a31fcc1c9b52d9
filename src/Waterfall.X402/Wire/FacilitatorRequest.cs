using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waterfall.X402;

/// <summary>
/// The body of POST /verify and POST /settle: <c>{ x402Version, paymentPayload, paymentRequirements }</c>.
/// The payload and requirements are v1 or v2 shapes depending on <c>paymentPayload.x402Version</c>, so
/// they are kept as JSON here; <see cref="X402Facilitator"/> reads them.
/// </summary>
public sealed record FacilitatorRequest
{
    [JsonPropertyName("x402Version")]
    public int X402Version { get; init; }

    [JsonPropertyName("paymentPayload")]
    public required JsonElement PaymentPayload { get; init; }

    [JsonPropertyName("paymentRequirements")]
    public required JsonElement PaymentRequirements { get; init; }

    public static FacilitatorRequest For(PaymentPayload payload, PaymentRequirements requirements)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(requirements);
        return new FacilitatorRequest
        {
            X402Version = payload.X402Version,
            PaymentPayload = JsonSerializer.SerializeToElement(payload, X402Json.Options),
            PaymentRequirements = JsonSerializer.SerializeToElement(requirements, X402Json.Options),
        };
    }

    public static FacilitatorRequest For(PaymentPayloadV1 payload, PaymentRequirementsV1 requirements)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(requirements);
        return new FacilitatorRequest
        {
            X402Version = payload.X402Version,
            PaymentPayload = JsonSerializer.SerializeToElement(payload, X402Json.Options),
            PaymentRequirements = JsonSerializer.SerializeToElement(requirements, X402Json.Options),
        };
    }
}
