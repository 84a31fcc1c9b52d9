using System.Text.Json.Nodes;

namespace Waterfall.FakeProvider;

/// <summary><c>GET /v1/models</c>: a few models, in OpenAI's list shape or, for an Anthropic caller, Anthropic's.</summary>
internal static class ModelList
{
    private static readonly DateTimeOffset Created = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<string> OpenAIModels { get; } = ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "o4-mini", "text-embedding-3-small"];

    public static IReadOnlyList<string> AnthropicModels { get; } = ["claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1"];

    public static JsonObject OpenAI() => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray([.. OpenAIModels.Select(id => new JsonObject
        {
            ["id"] = id, ["object"] = "model", ["created"] = Created.ToUnixTimeSeconds(), ["owned_by"] = "system",
        })]),
    };

    public static JsonObject Anthropic() => new()
    {
        ["data"] = new JsonArray([.. AnthropicModels.Select(id => new JsonObject
        {
            ["type"] = "model", ["id"] = id, ["display_name"] = id, ["created_at"] = Created.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
        })]),
        ["has_more"] = false,
        ["first_id"] = AnthropicModels[0],
        ["last_id"] = AnthropicModels[^1],
    };
}
