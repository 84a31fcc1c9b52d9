using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Waterfall.Domain.Pricing.Catalog;
using Waterfall.FrontDoor.Services;
using Waterfall.Gateway.Auth;
using Waterfall.Gateway.Protocols;
using Waterfall.Gateway.Upstreams;

namespace Waterfall.Gateway.Http;

/// <summary>
/// <c>GET /v1/models</c>: the models this caller can use through this protocol (priced, served by a configured
/// upstream that speaks it, allowed by the key), in OpenAI's list shape — or Anthropic's when the request carries <c>anthropic-version</c> —
/// with each model's prices (USD per token, the tenant's markup applied) as an extra <c>pricing</c> field.
/// </summary>
public static class ModelsEndpoint
{
    public static async Task ListAsync(HttpContext http, GatewayAuthenticator authenticator, TenantRating rating, UpstreamDirectory upstreams)
    {
        var protocol = http.Request.Headers.ContainsKey("anthropic-version") ? WireProtocol.Anthropic : WireProtocol.OpenAi;
        var (caller, denied) = await authenticator.AuthenticateAsync(http.Request, protocol, walletRequired: false);
        if (caller is null)
        {
            await GatewayReplies.WriteErrorAsync(http.Response, protocol, denied!);
            return;
        }
        var rater = await rating.ForAsync(caller.TenantId);
        var models = rater.Catalog.Models
            .Where(m => upstreams.For(m.Provider)?.Protocol == protocol && caller.MayUse(m.Id))
            .ToList();
        var data = new JsonArray();
        foreach (var model in models)
        {
            var entry = protocol == WireProtocol.Anthropic
                ? new JsonObject { ["type"] = "model", ["id"] = model.Id, ["display_name"] = model.Id, ["created_at"] = "1970-01-01T00:00:00Z" }
                : new JsonObject { ["id"] = model.Id, ["object"] = "model", ["created"] = 0, ["owned_by"] = model.Provider };
            entry["pricing"] = Pricing(model, rater.Tenant.MarkupFactor);
            data.Add(entry);
        }
        var list = protocol == WireProtocol.Anthropic
            ? new JsonObject { ["data"] = data, ["has_more"] = false, ["first_id"] = models.FirstOrDefault()?.Id, ["last_id"] = models.LastOrDefault()?.Id }
            : new JsonObject { ["object"] = "list", ["data"] = data };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(list.ToJsonString());
    }

    private static JsonObject Pricing(ModelPrice model, decimal markup)
    {
        var pricing = new JsonObject { ["currency"] = "usd", ["unit"] = "token", ["mode"] = model.Mode };
        void Add(string name, decimal? price)
        {
            if (price is { } p) pricing[name] = (p * markup).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        Add("input", model.Input);
        Add("output", model.Output);
        Add("cache_read", model.CacheRead);
        Add("cache_write_5m", model.CacheWrite5m);
        Add("cache_write_1h", model.CacheWrite1h);
        Add("reasoning", model.Reasoning);
        Add("audio_input", model.AudioInput);
        Add("audio_output", model.AudioOutput);
        if (model.MaxInputTokens is { } input) pricing["max_input_tokens"] = input;
        if (model.MaxOutputTokens is { } output) pricing["max_output_tokens"] = output;
        return pricing;
    }
}
