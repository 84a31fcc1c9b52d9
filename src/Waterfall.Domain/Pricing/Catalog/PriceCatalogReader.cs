using System.Text.Json;

namespace Waterfall.Domain.Pricing.Catalog;

/// <summary>
/// Reads the catalog format of <c>model-prices.json</c> (see the data README) with a forward-only
/// reader, so every number goes from its source text straight to an exact decimal.
/// </summary>
internal static class PriceCatalogReader
{
    public static List<ModelPrice> Read(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            Next(ref reader, JsonTokenType.StartObject, "the catalog");
            List<ModelPrice>? models = null;
            while (Advance(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("models"u8))
                {
                    if (models is not null) throw new FormatException("The catalog lists 'models' twice.");
                    models = ReadModels(ref reader);
                }
                else
                {
                    // source, license, note...: provenance for people, nothing to price with.
                    Advance(ref reader);
                    reader.Skip();
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject) throw new FormatException("The catalog is not one JSON object.");
            if (Advance(ref reader)) throw new FormatException("The catalog has content after its closing brace.");
            return models ?? throw new FormatException("The catalog has no 'models' array.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"The catalog is not valid JSON: {e.Message}", e);
        }
    }

    private static List<ModelPrice> ReadModels(ref Utf8JsonReader reader)
    {
        Next(ref reader, JsonTokenType.StartArray, "'models'");
        var models = new List<ModelPrice>();
        while (Advance(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException($"models[{models.Count}] is not an object.");
            models.Add(ReadModel(ref reader, models.Count));
        }
        return models;
    }

    private static ModelPrice ReadModel(ref Utf8JsonReader reader, int index)
    {
        string? id = null, provider = null, mode = null;
        decimal? input = null, output = null, cacheRead = null, cacheWrite5m = null, cacheWrite1h = null;
        decimal? audioInput = null, audioOutput = null, reasoning = null, batchInput = null, batchOutput = null;
        long? maxInput = null, maxOutput = null;
        var tiers = new SortedDictionary<long, LongContextTier>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        while (Advance(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            string Where() => $"models[{index}] ({id ?? "id not yet read"}), field '{name}'";
            if (!seen.Add(name)) throw new FormatException($"{Where()}: listed twice.");
            Advance(ref reader);

            switch (name)
            {
                case "id": id = ReadString(ref reader, Where); break;
                case "provider": provider = ReadString(ref reader, Where); break;
                case "mode": mode = ReadString(ref reader, Where); break;
                case "input_cost_per_token": input = ReadPrice(ref reader, Where); break;
                case "output_cost_per_token": output = ReadPrice(ref reader, Where); break;
                case "cache_read_input_token_cost": cacheRead = ReadPrice(ref reader, Where); break;
                case "cache_creation_input_token_cost": cacheWrite5m = ReadPrice(ref reader, Where); break;
                case "cache_creation_input_token_cost_above_1hr": cacheWrite1h = ReadPrice(ref reader, Where); break;
                case "input_cost_per_audio_token": audioInput = ReadPrice(ref reader, Where); break;
                case "output_cost_per_audio_token": audioOutput = ReadPrice(ref reader, Where); break;
                case "output_cost_per_reasoning_token": reasoning = ReadPrice(ref reader, Where); break;
                case "input_cost_per_token_batches": batchInput = ReadPrice(ref reader, Where); break;
                case "output_cost_per_token_batches": batchOutput = ReadPrice(ref reader, Where); break;
                case "max_input_tokens": maxInput = ReadTokenCount(ref reader, Where); break;
                case "max_output_tokens": maxOutput = ReadTokenCount(ref reader, Where); break;
                default:
                    if (!TryParseTierField(name, out var component, out var threshold))
                        // A price we do not understand would silently go unbilled: refuse the catalog instead.
                        throw new FormatException($"{Where()}: unknown field.");
                    var price = ReadPrice(ref reader, Where);
                    var tier = tiers.TryGetValue(threshold, out var existing) ? existing : new LongContextTier(threshold, null, null, null, null);
                    tiers[threshold] = component switch
                    {
                        TierComponent.Input => tier with { Input = price },
                        TierComponent.Output => tier with { Output = price },
                        TierComponent.CacheRead => tier with { CacheRead = price },
                        _ => tier with { CacheWrite = price },
                    };
                    break;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject) throw new FormatException($"models[{index}] is not closed.");

        var model = new ModelPrice
        {
            Id = id ?? throw new FormatException($"models[{index}] has no 'id'."),
            Provider = provider ?? throw new FormatException($"models[{index}] ({id}) has no 'provider'."),
            Mode = mode ?? throw new FormatException($"models[{index}] ({id}) has no 'mode'."),
            Input = input,
            Output = output,
            CacheRead = cacheRead,
            CacheWrite5m = cacheWrite5m,
            CacheWrite1h = cacheWrite1h,
            AudioInput = audioInput,
            AudioOutput = audioOutput,
            Reasoning = reasoning,
            BatchInput = batchInput,
            BatchOutput = batchOutput,
            LongContextTiers = [.. tiers.Values],
            MaxInputTokens = maxInput,
            MaxOutputTokens = maxOutput,
        };
        var violations = model.Violations();
        if (violations.Count > 0)
            throw new FormatException($"models[{index}] ({id}): " + string.Join("; ", violations.Select(v => $"{v.Field} {v.Description}")));
        return model;
    }

    private enum TierComponent { Input, Output, CacheRead, CacheWrite }

    /// <summary>Recognizes <c>{component}_above_{N}k_tokens</c>, where N thousand tokens is the threshold.</summary>
    private static bool TryParseTierField(string name, out TierComponent component, out long threshold)
    {
        component = default;
        threshold = 0;
        const string suffix = "k_tokens";
        const string marker = "_above_";
        var at = name.LastIndexOf(marker, StringComparison.Ordinal);
        if (at < 0 || !name.EndsWith(suffix, StringComparison.Ordinal)) return false;
        var number = name.AsSpan(at + marker.Length, name.Length - at - marker.Length - suffix.Length);
        if (number.Length is 0 or > 9 || number[0] == '0') return false;
        foreach (var c in number)
            if (c is < '0' or > '9') return false;
        threshold = long.Parse(number, System.Globalization.CultureInfo.InvariantCulture) * 1000;
        switch (name[..at])
        {
            case "input_cost_per_token": component = TierComponent.Input; return true;
            case "output_cost_per_token": component = TierComponent.Output; return true;
            case "cache_read_input_token_cost": component = TierComponent.CacheRead; return true;
            case "cache_creation_input_token_cost": component = TierComponent.CacheWrite; return true;
            default: return false;
        }
    }

    private static string ReadString(ref Utf8JsonReader reader, Func<string> where) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new FormatException($"{where()}: expected a string, found {reader.TokenType}.");

    /// <summary>A JSON null is read as "not listed", the same as an absent field.</summary>
    private static decimal? ReadPrice(ref Utf8JsonReader reader, Func<string> where)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        return ReadNumber(ref reader, where);
    }

    private static long? ReadTokenCount(ref Utf8JsonReader reader, Func<string> where)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        // The source writes some counts as 2000000.0: accept any number that is a whole count.
        var value = ReadNumber(ref reader, where);
        if (value != decimal.Truncate(value) || value < long.MinValue || value > long.MaxValue)
            throw new FormatException($"{where()}: {value} is not a whole number of tokens.");
        return (long)value;
    }

    private static decimal ReadNumber(ref Utf8JsonReader reader, Func<string> where)
    {
        if (reader.TokenType != JsonTokenType.Number)
            throw new FormatException($"{where()}: expected a number, found {reader.TokenType}.");
        // ValueSpan is the number's source text; the reader has already checked its JSON grammar.
        if (!ExactDecimal.TryParse(reader.ValueSpan, out var value))
            throw new FormatException($"{where()}: {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)} cannot be held exactly as a decimal.");
        return value;
    }

    private static void Next(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        if (!Advance(ref reader) || reader.TokenType != expected)
            throw new FormatException($"Expected {what} to start with {expected}.");
    }

    private static bool Advance(ref Utf8JsonReader reader) => reader.Read();
}
