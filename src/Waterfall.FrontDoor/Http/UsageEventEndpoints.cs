using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Waterfall.Domain;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Services;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Http;

/// <summary>
/// Usage ingestion over plain HTTP, meter scope (<c>Authorization: Bearer</c> or <c>x-api-key</c>):
/// <c>POST /v1/events</c> takes CloudEvents 1.0 in structured mode, a JSON array
/// (<c>application/cloudevents-batch+json</c>) or one event (<c>application/cloudevents+json</c>), see
/// <see cref="UsageEvents"/>, and answers one result per event, each with the event's <c>id</c>, in the
/// same JSON as the transcoded <c>POST /v1/wallets/debits:batch</c> (lowerCamelCase). Each event has its
/// own result and HTTP status 200 says only that the request was read. A body that cannot be read at
/// all, or more than <see cref="DebitBatches.MaxDebits"/> events, is a problem document and nothing is debited.
/// </summary>
public static class UsageEventEndpoints
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    public static IEndpointRouteBuilder MapUsageEvents(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/events", IngestEventsAsync);
        return endpoints;
    }

    private static async Task<IResult> IngestEventsAsync(HttpContext http, TenantDirectory tenants, DebitBatches batches)
    {
        var caller = Meter(http, tenants, out var denied);
        if (caller is null) return denied!;
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            return HttpProblems.Invalid("body", "is not JSON");
        }
        using (body)
        {
            var root = body.RootElement;
            if (mediaType == "application/cloudevents-batch+json" && root.ValueKind != JsonValueKind.Array)
                return HttpProblems.Invalid("body", "must be a JSON array of CloudEvents for application/cloudevents-batch+json");
            if (mediaType == "application/cloudevents+json" && root.ValueKind != JsonValueKind.Object)
                return HttpProblems.Invalid("body", "must be one CloudEvent (a JSON object) for application/cloudevents+json");
            if (root.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
                return HttpProblems.Invalid("body", "must be a CloudEvent or a JSON array of CloudEvents");
            var events = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
            if (DebitBatches.CheckSize(events.Count) is { } tooLarge) return HttpProblems.From(tooLarge);

            // Envelopes are read first; only the events that make a debit go to the wallets, and each result goes back to its event.
            var read = events.Select(UsageEvents.Read).ToList();
            var debits = read.Where(e => e.Debit is not null).Select(e => e.Debit!).ToList();
            var debited = await batches.DebitAsync(caller.TenantId, debits);
            var results = new List<(string? Id, V1.DebitBatchResult Result)>(read.Count);
            var next = 0;
            foreach (var (id, debit, refusal) in read)
                results.Add((id, debit is not null
                    ? debited[next++]
                    : DebitBatches.Refused(refusal!.Reason, refusal.Message, refusal.Metadata, refusal.Violations.Select(v => (v.Field, v.Description)))));
            return Results.Text(EventResults(results), "application/json", Encoding.UTF8);
        }
    }

    /// <summary><c>{"results": [{"id": ..., "accepted" | "replayed" | "refused": ...}]}</c>: the batch result's JSON with the event's id beside it.</summary>
    private static string EventResults(List<(string? Id, V1.DebitBatchResult Result)> results)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("results");
            foreach (var (id, result) in results)
            {
                json.WriteStartObject();
                if (id is null) json.WriteNull("id");
                else json.WriteString("id", id);
                using var fields = JsonDocument.Parse(Formatter.Format(result));
                foreach (var field in fields.RootElement.EnumerateObject()) field.WriteTo(json);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static Caller? Meter(HttpContext http, TenantDirectory tenants, out IResult? denied)
    {
        var caller = tenants.Authenticate(http.Request.Headers.Authorization, http.Request.Headers["x-api-key"], ApiScope.Meter, out var refusal);
        denied = caller is null ? HttpProblems.From(refusal!) : null;
        return caller;
    }
}
