using System.Globalization;

namespace Waterfall.FakeProvider.Scripting;

/// <summary>
/// What the last user message asks of this one call: words of the form <c>fake:name=value</c>.
/// They stay in the text, so they are counted as prompt tokens like any other word.
/// </summary>
public sealed record Directives
{
    public const string Prefix = "fake:";

    public static readonly Directives None = new();

    public int? Output { get; init; }
    public int Cached { get; init; }
    public int CacheWrite5m { get; init; }
    public int CacheWrite1h { get; init; }
    public int Reasoning { get; init; }
    public int AudioIn { get; init; }
    public int AudioOut { get; init; }
    public int DelayMs { get; init; }
    public int? Error { get; init; }
    public int? FailAfter { get; init; }
    public bool Hang { get; init; }
    public bool NoUsage { get; init; }

    /// <summary>Reads every directive in <paramref name="text"/>; an unknown name or a bad value is a 400.</summary>
    public static Directives Parse(string? text)
    {
        var directives = None;
        if (string.IsNullOrEmpty(text)) return directives;
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!word.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var body = word[Prefix.Length..];
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw ProtocolError.BadRequest($"Fake directive '{word}' must look like fake:<name>=<value>.");
            var name = body[..equals];
            var value = body[(equals + 1)..];
            directives = name switch
            {
                "output" => directives with { Output = Count(word, value) },
                "cached" => directives with { Cached = Count(word, value) },
                "cache_write_5m" => directives with { CacheWrite5m = Count(word, value) },
                "cache_write_1h" => directives with { CacheWrite1h = Count(word, value) },
                "reasoning" => directives with { Reasoning = Count(word, value) },
                "audio_in" => directives with { AudioIn = Count(word, value) },
                "audio_out" => directives with { AudioOut = Count(word, value) },
                "delay_ms" => directives with { DelayMs = Count(word, value) },
                "error" => directives with { Error = Status(word, value) },
                "fail_after" => directives with { FailAfter = Count(word, value) },
                "hang" => directives with { Hang = Flag(word, value) },
                "no_usage" => directives with { NoUsage = Flag(word, value) },
                _ => throw ProtocolError.BadRequest(
                    $"Unknown fake directive '{name}'. Known: output, cached, cache_write_5m, cache_write_1h, reasoning, audio_in, audio_out, delay_ms, error, fail_after, hang, no_usage."),
            };
        }
        return directives;
    }

    private static int Count(string word, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw ProtocolError.BadRequest($"Fake directive '{word}' needs a whole number of at least 0.");

    private static int Status(string word, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 400 and <= 599
            ? n
            : throw ProtocolError.BadRequest($"Fake directive '{word}' needs an HTTP error status from 400 to 599.");

    private static bool Flag(string word, string value) => value switch
    {
        "1" or "true" => true,
        "0" or "false" => false,
        _ => throw ProtocolError.BadRequest($"Fake directive '{word}' takes 1 or 0."),
    };
}
