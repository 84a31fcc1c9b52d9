using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Waterfall.Domain.Idempotency;

/// <summary>
/// Builds a request's content fingerprint: a hash of its fields in a canonical, length-prefixed
/// form, so that "same key, different content" can be told from a true replay.
/// </summary>
public sealed class FingerprintBuilder
{
    private readonly StringBuilder _text = new(128);

    public FingerprintBuilder(string operation) => Add(operation);

    public FingerprintBuilder Add(string? value)
    {
        if (value is null) { _text.Append("~;"); return this; }
        _text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
        return this;
    }

    public FingerprintBuilder Add(long value) => Add(value.ToString(CultureInfo.InvariantCulture));

    public FingerprintBuilder Add(long? value) => Add(value?.ToString(CultureInfo.InvariantCulture));

    public FingerprintBuilder Add(bool value) => Add(value ? "1" : "0");

    /// <summary>Decimals are normalized so that 1.50 and 1.5 fingerprint alike.</summary>
    public FingerprintBuilder Add(decimal? value) =>
        Add(value is { } v ? (v / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : null);

    public FingerprintBuilder Add(DateTimeOffset? value) =>
        Add(value?.UtcTicks.ToString(CultureInfo.InvariantCulture));

    public FingerprintBuilder Add(TimeSpan value) => Add(value.Ticks);

    public FingerprintBuilder AddList(IReadOnlyList<string>? values)
    {
        Add((long)(values?.Count ?? 0));
        if (values is not null)
            foreach (var value in values) Add(value);
        return this;
    }

    public string Build()
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(_text.ToString()), hash);
        return Convert.ToHexString(hash[..16]);
    }
}
