using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Waterfall.Domain.Idempotency;

namespace Waterfall.Domain.Tests.Idempotency;

/// <summary>
/// Stored keys carry fingerprints, so the canonical form may never change: whatever the builder is given, its
/// fingerprint is the one the original string form gives (<see cref="TextForm"/>, kept here as the definition).
/// </summary>
public class FingerprintBuilderProperties
{
    /// <summary>One field a command adds, applied to the builder and to the definition alike.</summary>
    private sealed record Field(string Shown, Action<FingerprintBuilder> ToBuilder, Action<TextForm> ToText)
    {
        public override string ToString() => Shown;
    }

    private static readonly string?[] Edges = [null, "", "Zoë 😀 modèle", "\ud800 lone surrogate \udfff", new string('é', 300)];

    private static readonly Gen<string?> AnyText = Gen.OneOf<string?>(Gen.String!, Gen.String[0, 400]!, Gen.Int[0, Edges.Length - 1].Select(i => Edges[i]));

    private static readonly Gen<Field> AnyField = Gen.OneOf(
        AnyText.Select(s => new Field($"text {s?.Length}", b => b.Add(s), t => t.Add(s))),
        Gen.Long.Select(v => new Field($"long {v}", b => b.Add(v), t => t.Add(v.ToString(CultureInfo.InvariantCulture)))),
        Gen.Long.Nullable().Select(v => new Field($"long? {v}", b => b.Add(v), t => t.Add(v?.ToString(CultureInfo.InvariantCulture)))),
        Gen.Bool.Select(v => new Field($"bool {v}", b => b.Add(v), t => t.Add(v ? "1" : "0"))),
        Gen.Decimal.Nullable().Select(v => new Field($"decimal {v}", b => b.Add(v),
            t => t.Add(v is { } d ? (d / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : null))),
        Gen.Long[0, DateTimeOffset.MaxValue.UtcTicks].Select(ticks => new Field($"at {ticks}", b => b.Add((DateTimeOffset?)new DateTimeOffset(ticks, TimeSpan.Zero)),
            t => t.Add(ticks.ToString(CultureInfo.InvariantCulture)))),
        Gen.String.Array[0, 5].Select(list => new Field($"list {list.Length}", b => b.AddList(list),
            t => { t.Add(list.Length.ToString(CultureInfo.InvariantCulture)); foreach (var s in list) t.Add(s); })));

    [Fact]
    public void Any_fields_fingerprint_exactly_as_their_canonical_text_does() =>
        Gen.Select(Gen.String, AnyField.Array[0, 30]).Sample((operation, fields) =>
        {
            var builder = new FingerprintBuilder(operation);
            var text = new TextForm(operation);
            foreach (var field in fields)
            {
                field.ToBuilder(builder);
                field.ToText(text);
            }
            return builder.Build() == text.Build();
        });

    [Fact]
    public void Decimals_that_differ_only_in_trailing_zeros_fingerprint_alike() =>
        Assert.Equal(new FingerprintBuilder("debit").Add(1.5m).Build(), new FingerprintBuilder("debit").Add(1.5000m).Build());

    [Fact]
    public void A_missing_value_and_an_empty_one_fingerprint_apart() =>
        Assert.NotEqual(new FingerprintBuilder("debit").Add((string?)null).Build(), new FingerprintBuilder("debit").Add("").Build());

    /// <summary>The canonical form as it was first built: length-prefixed fields in a string, its UTF-8 hashed.</summary>
    private sealed class TextForm
    {
        private readonly StringBuilder _text = new();

        public TextForm(string operation) => Add(operation);

        public void Add(string? value)
        {
            if (value is null) _text.Append("~;");
            else _text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
        }

        public string Build() => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(_text.ToString()))[..16]);
    }
}
