using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using CsCheck;
using Waterfall.Domain.Pricing.Catalog;
using Xunit;

namespace Waterfall.Domain.Tests.Pricing.Catalog;

/// <summary>
/// Prices must arrive exactly as the source wrote them. The oracle here is independent of the
/// code under test: it reads a number's text into an arbitrary-precision integer and a power of ten.
/// </summary>
public class ExactParsingTests
{
    [Theory]
    [InlineData("2.5e-06", "0.0000025")]
    [InlineData("1.875e-08", "0.00000001875")]
    [InlineData("3.125e-06", "0.000003125")]
    [InlineData("2.8e-09", "0.0000000028")]
    [InlineData("0.000168", "0.000168")]
    [InlineData("0.0", "0")]
    [InlineData("0", "0")]
    [InlineData("2000000.0", "2000000")]
    [InlineData("1E+3", "1000")]
    [InlineData("1.2345678901234567890123456789", "1.2345678901234567890123456789")]
    public void A_price_reads_to_the_exact_decimal_its_text_denotes(string text, string expected)
    {
        var json = $$"""{ "models": [ { "id": "m", "provider": "p", "mode": "chat", "input_cost_per_token": {{text}} } ] }""";
        var price = PriceCatalog.Load(Encoding.UTF8.GetBytes(json)).Models[0].Input!.Value;
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), price);
        Assert.Equal(Rational.FromText(text), Rational.FromDecimal(price));
    }

    [Theory]
    [InlineData("1e-29")] // one place beyond decimal's 28
    [InlineData("1.23456789012345678901234567891")] // 30 significant digits
    [InlineData("1e29")] // beyond 2^96
    public void A_price_decimal_cannot_hold_exactly_is_refused_rather_than_rounded(string text)
    {
        var json = $$"""{ "models": [ { "id": "m", "provider": "p", "mode": "chat", "input_cost_per_token": {{text}} } ] }""";
        Assert.Throws<FormatException>(() => PriceCatalog.Load(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Trailing_zeros_beyond_decimal_precision_are_not_digits_and_are_accepted()
    {
        // 1.5 followed by 40 zeros is still exactly 1.5.
        var text = "1.5" + new string('0', 40);
        var json = $$"""{ "models": [ { "id": "m", "provider": "p", "mode": "chat", "input_cost_per_token": {{text}} } ] }""";
        Assert.Equal(1.5m, PriceCatalog.Load(Encoding.UTF8.GetBytes(json)).Models[0].Input);
    }

    [Fact]
    public void Every_number_in_the_shipped_catalog_is_read_without_losing_a_digit()
    {
        using var stream = typeof(PriceCatalog).Assembly.GetManifestResourceStream(PriceCatalog.EmbeddedResourceName)!;
        using var document = JsonDocument.Parse(stream);
        var checkedNumbers = 0;
        foreach (var raw in document.RootElement.GetProperty("models").EnumerateArray())
        {
            Assert.True(PriceCatalog.Default.TryGet(raw.GetProperty("id").GetString()!, out var model));
            var fieldsWithValues = 0;
            foreach (var field in raw.EnumerateObject())
            {
                if (field.Value.ValueKind != JsonValueKind.Number) continue;
                var parsed = ValueOf(model, field.Name);
                Assert.True(parsed.HasValue, $"{model.Id}.{field.Name} was dropped");
                Assert.True(Rational.FromText(field.Value.GetRawText()) == Rational.FromDecimal(parsed.Value),
                    $"{model.Id}.{field.Name}: source {field.Value.GetRawText()}, read {parsed}");
                fieldsWithValues++;
                checkedNumbers++;
            }
            // And nothing was invented: the model carries exactly as many values as the source lists.
            Assert.Equal(fieldsWithValues, CountValues(model));
        }
        // Counted independently: every number-valued field of every model in model-prices.json.
        Assert.Equal(2662, checkedNumbers);
    }

    [Fact]
    public void Any_decimal_written_in_exponent_form_reads_back_unchanged()
    {
        // value = m × 10^-s; written with the point after k of m's L digits, the text shows
        // m × 10^-(L-k), so the exponent that restores the value is (L - k) - s.
        Gen.Select(Gen.Long[0, long.MaxValue], Gen.Int[0, 28], Gen.Int[1, 19])
            .Sample((m, s, k) =>
            {
                var digits = m.ToString(CultureInfo.InvariantCulture);
                k = Math.Min(k, digits.Length);
                var text = digits[..k] + (k < digits.Length ? "." + digits[k..] : "") + $"e{digits.Length - k - s}";
                var expected = new decimal(m) / Pow10(s);
                var json = $$"""{ "models": [ { "id": "m", "provider": "p", "mode": "chat", "input_cost_per_token": {{text}} } ] }""";
                var read = PriceCatalog.Load(Encoding.UTF8.GetBytes(json)).Models[0].Input!.Value;
                return read == expected && Rational.FromDecimal(read) == Rational.FromText(text);
            });
    }

    private static decimal Pow10(int n)
    {
        var result = 1m;
        for (var i = 0; i < n; i++) result *= 10;
        return result;
    }

    private static decimal? ValueOf(ModelPrice model, string field)
    {
        const string marker = "_above_";
        var at = field.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0 && field.EndsWith("k_tokens", StringComparison.Ordinal))
        {
            var threshold = long.Parse(field[(at + marker.Length)..^"k_tokens".Length], CultureInfo.InvariantCulture) * 1000;
            var tier = model.LongContextTiers.Single(t => t.ThresholdTokens == threshold);
            return field[..at] switch
            {
                "input_cost_per_token" => tier.Input,
                "output_cost_per_token" => tier.Output,
                "cache_read_input_token_cost" => tier.CacheRead,
                "cache_creation_input_token_cost" => tier.CacheWrite,
                _ => throw new InvalidOperationException(field),
            };
        }
        return field switch
        {
            "input_cost_per_token" => model.Input,
            "output_cost_per_token" => model.Output,
            "cache_read_input_token_cost" => model.CacheRead,
            "cache_creation_input_token_cost" => model.CacheWrite5m,
            "cache_creation_input_token_cost_above_1hr" => model.CacheWrite1h,
            "input_cost_per_audio_token" => model.AudioInput,
            "output_cost_per_audio_token" => model.AudioOutput,
            "output_cost_per_reasoning_token" => model.Reasoning,
            "input_cost_per_token_batches" => model.BatchInput,
            "output_cost_per_token_batches" => model.BatchOutput,
            "max_input_tokens" => model.MaxInputTokens,
            "max_output_tokens" => model.MaxOutputTokens,
            _ => throw new InvalidOperationException($"The test does not know field {field}"),
        };
    }

    private static int CountValues(ModelPrice m)
    {
        decimal?[] values =
        [
            m.Input, m.Output, m.CacheRead, m.CacheWrite5m, m.CacheWrite1h, m.AudioInput, m.AudioOutput,
            m.Reasoning, m.BatchInput, m.BatchOutput, m.MaxInputTokens, m.MaxOutputTokens,
            .. m.LongContextTiers.SelectMany(t => new[] { t.Input, t.Output, t.CacheRead, t.CacheWrite }),
        ];
        return values.Count(v => v.HasValue);
    }

    /// <summary>An exact number as integer × 10^exponent, normalized so equal numbers compare equal.</summary>
    private readonly record struct Rational(BigInteger Mantissa, int Exponent)
    {
        public static Rational FromDecimal(decimal value) => FromText(value.ToString(CultureInfo.InvariantCulture));

        public static Rational FromText(string text)
        {
            var exponent = 0;
            var e = text.IndexOfAny(['e', 'E']);
            if (e >= 0)
            {
                exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                text = text[..e];
            }
            var point = text.IndexOf('.');
            if (point >= 0)
            {
                exponent -= text.Length - point - 1;
                text = text.Remove(point, 1);
            }
            var mantissa = BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (mantissa.IsZero) return new(0, 0);
            while (mantissa % 10 == 0)
            {
                mantissa /= 10;
                exponent++;
            }
            return new(mantissa, exponent);
        }
    }
}
