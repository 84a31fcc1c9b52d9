using System.Text.Json.Serialization;

namespace Waterfall.X402;

/// <summary>x402 v2 <c>ResourceInfo</c>: the resource a payment is for. Only <c>url</c> is required.</summary>
public sealed record ResourceInfo
{
    [JsonPropertyName("url")]
    public required string Url { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("mimeType")]
    public string? MimeType { get; init; }

    [JsonPropertyName("serviceName")]
    public string? ServiceName { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyList<string>? Tags { get; init; }

    [JsonPropertyName("iconUrl")]
    public string? IconUrl { get; init; }

    internal void Validate(string path)
    {
        WireCheck.NotEmpty(Url, path + ".url");
        if (ServiceName is { } name)
            WireCheck.Label(name, path + ".serviceName");
        if (Tags is { } tags)
        {
            if (tags.Count > 5)
                throw new X402FormatException($"{path}.tags: at most 5 tags.");
            for (var i = 0; i < tags.Count; i++)
                WireCheck.Label(tags[i], $"{path}.tags[{i}]");
        }
        if (IconUrl is { Length: > 2048 })
            throw new X402FormatException($"{path}.iconUrl: at most 2048 characters.");
    }
}
