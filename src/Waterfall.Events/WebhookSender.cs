using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StandardWebhooks;
using Waterfall.Contracts.Events;

namespace Waterfall.Events;

/// <summary>
/// Posts one event to one endpoint, signed per Standard Webhooks (<c>webhook-id</c> = the event id,
/// <c>webhook-timestamp</c>, <c>webhook-signature</c> = <c>v1,</c> HMAC-SHA256 of <c>id.timestamp.body</c>).
/// The timestamp is real time, whatever clock schedules retries: receivers check it against theirs.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<EventsOptions> options, TimeProvider? time = null, WebhookSecretProtector? secrets = null)
{
    public const string ClientName = "waterfall-webhooks";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The body: the event's envelope with its payload as <c>data</c>.</summary>
    public static string Body(OutboxEvent e)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", e.Id);
            w.WriteString("type", e.Type);
            w.WriteString("timestamp", e.At);
            w.WriteNumber("version", e.Version);
            w.WriteString("tenant_id", e.TenantId);
            if (e.WalletId is not null) w.WriteString("wallet_id", e.WalletId);
            if (e.CustomerId is not null) w.WriteString("customer_id", e.CustomerId);
            w.WriteNumber("sequence", e.Sequence);
            w.WriteNumber("index", e.Index);
            w.WriteNumber("position", e.Position);
            w.WritePropertyName("data");
            w.WriteRawValue(e.Payload, skipInputValidation: true);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public async Task<(int? Status, string? Error, double LatencyMs)> SendAsync(WebhookEndpoint endpoint, OutboxEvent e, CancellationToken cancellationToken)
    {
        var body = Body(e);
        var sentAt = _time.GetUtcNow();
        // The stored secret is sealed (WebhookSecretProtector): opened here, in memory, for this signature only.
        var secret = secrets?.Unprotect(endpoint.Id, endpoint.Secret) ?? endpoint.Secret;
        var signature = new StandardWebhook(secret).Sign(e.Id, sentAt, body);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", e.Id);
        request.Headers.Add("webhook-timestamp", sentAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.RequestTimeout);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return ((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}", latency);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            return (null, ex.Message, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
