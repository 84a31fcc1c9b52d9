using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waterfall.Domain.Pricing.Rating;

namespace Waterfall.Gateway.Protocols;

/// <summary>Usage in non-streaming response bodies, and the cost added for OpenAI clients.</summary>
public static class ResponseUsage
{
    /// <summary>The usage of <paramref name="model"/> in a successful non-streaming response of this endpoint, or null when it has none.</summary>
    public static LlmUsage? Read(GatewayEndpoint endpoint, ReadOnlySpan<byte> json, string model)
    {
        if (WireJson.ParseObject(json)?["usage"] is not JsonObject usage) return null;
        return endpoint switch
        {
            GatewayEndpoint.ChatCompletions or GatewayEndpoint.Embeddings => UsageJson.FromOpenAiChat(model, usage),
            GatewayEndpoint.Responses => UsageJson.FromOpenAiResponses(model, usage),
            GatewayEndpoint.Messages => UsageJson.FromAnthropic(model, usage),
            _ => null,
        };
    }

    /// <summary>
    /// OpenAI endpoints: the body with "usage.cost" added as a JSON number with the exact decimal text (e.g.
    /// 0.000123), every other byte unchanged (a cost already there is replaced). Anthropic: unchanged, since the
    /// cost travels in a header. A body without a usage object is unchanged.
    /// </summary>
    public static byte[] WithCost(GatewayEndpoint endpoint, ReadOnlySpan<byte> json, decimal costUsd)
    {
        if (endpoint.ProtocolOf() != WireProtocol.OpenAi) return json.ToArray();
        return TrySplice(json, costUsd, out var spliced) ? spliced : WithCostRewritten(json, costUsd);
    }

    /// <summary>Sets usage.cost on a usage object in place.</summary>
    internal static void AddCost(JsonObject usage, decimal costUsd) => usage["cost"] = WireJson.Number(costUsd);

    // The usual body has a top-level usage object without a cost: insert the field before its closing
    // brace, leaving the provider's bytes as they were.
    private static bool TrySplice(ReadOnlySpan<byte> json, decimal costUsd, out byte[] spliced)
    {
        spliced = [];
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0) return false;
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                var isUsage = reader.ValueTextEquals("usage"u8);
                reader.Read();
                if (!isUsage)
                {
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject) return false;
                var empty = true;
                while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 1))
                {
                    if (reader.TokenType != JsonTokenType.PropertyName) continue;
                    if (reader.ValueTextEquals("cost"u8)) return false;
                    empty = false;
                    reader.Read();
                    reader.Skip();
                }

                var end = (int)reader.TokenStartIndex;
                var field = Encoding.UTF8.GetBytes((empty ? "" : ",") + "\"cost\":" + WireJson.DecimalText(costUsd));
                spliced = [.. json[..end], .. field, .. json[end..]];
                return true;
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[] WithCostRewritten(ReadOnlySpan<byte> json, decimal costUsd)
    {
        if (WireJson.ParseObject(json) is not { } body || body["usage"] is not JsonObject usage) return json.ToArray();
        AddCost(usage, costUsd);
        return WireJson.ToBytes(body);
    }
}
