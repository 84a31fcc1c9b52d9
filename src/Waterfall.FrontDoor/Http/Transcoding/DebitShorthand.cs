using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Waterfall.FrontDoor.Http.Transcoding;

/// <summary>
/// The debit body as the seed writes it, <c>{"customer_id": "cust_8923", "amount": 50, "strategy":
/// "WATERFALL", "idempotency_key": "req_9982"}</c>, read as the <c>DebitRequest</c> it means: a plain
/// <c>amount</c> (nano-dollars, or <c>unit</c>'s count) becomes <c>amount.amount</c>, <c>customer_id</c>
/// goes to the attribution, and <c>strategy</c> may only name the one burn order there is. A body in
/// the message's own shape passes untouched.
/// </summary>
internal static class DebitShorthand
{
    /// <summary>Rewrites a shorthand body in place; answers a problem document when the shorthand itself is wrong.</summary>
    public static async Task<IResult?> RewriteAsync(HttpContext http)
    {
        var request = http.Request;
        request.EnableBuffering();
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            body = null; // the transcoder answers malformed JSON the same way for every call
        }
        request.Body.Position = 0;
        if (body is null || !IsShorthand(body)) return null;

        if (body.TryGetPropertyValue("strategy", out var strategy))
        {
            if (strategy?.GetValueKind() != JsonValueKind.String || !string.Equals(strategy.GetValue<string>(), "WATERFALL", StringComparison.OrdinalIgnoreCase))
                return HttpProblems.Invalid("strategy", "must be WATERFALL (grants burn by priority, then soonest expiry, then oldest); it is the only burn order");
            body.Remove("strategy");
        }
        if (body["amount"] is JsonValue amount)
        {
            if (amount.GetValueKind() != JsonValueKind.Number || !amount.TryGetValue<long>(out var value))
                return HttpProblems.Invalid("amount", "must be an integer: nano-dollars, or a count of unit");
            var unit = body["unit"] is JsonValue u && u.GetValueKind() == JsonValueKind.String ? u.GetValue<string>() : "usd";
            body.Remove("unit");
            body["amount"] = new JsonObject { ["amount"] = new JsonObject { ["value"] = value, ["unit"] = unit } };
        }
        if (body.TryGetPropertyValue("customer_id", out var customer))
        {
            body.Remove("customer_id");
            var attribution = body["attribution"] as JsonObject ?? new JsonObject();
            attribution["customer_id"] ??= customer;
            body["attribution"] = attribution;
        }

        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
        return null;
    }

    private static bool IsShorthand(JsonObject body) =>
        body["amount"] is JsonValue || body.ContainsKey("strategy") || body.ContainsKey("customer_id");
}
