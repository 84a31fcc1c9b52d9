using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Waterfall.Domain.Idempotency;

/// <summary>
/// Builds a request's content fingerprint: a hash of its fields in a canonical, length-prefixed
/// form, so that "same key, different content" can be told from a true replay.
/// </summary>
/// <remarks>
/// The canonical form is the UTF-8 of <c>length:value;</c> per field (<c>length</c> in UTF-16 code units, a missing
/// value <c>~;</c>), hashed with SHA-256, the first 16 bytes in upper-case hex. Stored keys carry these fingerprints,
/// so the form must never change. It is written straight into UTF-8 bytes, numbers formatted in place: building it
/// as a string, formatting each number as one and encoding the whole again cost about 1 KB per debit
/// (docs/performance.md, "The tail").
/// </remarks>
public sealed class FingerprintBuilder
{
    private byte[] _utf8 = new byte[128];
    private int _length;

    public FingerprintBuilder(string operation) => Add(operation);

    public FingerprintBuilder Add(string? value)
    {
        if (value is null) return Missing();
        AppendLength(value.Length);
        Ensure(Encoding.UTF8.GetMaxByteCount(value.Length) + 1);
        _length += Encoding.UTF8.GetBytes(value, _utf8.AsSpan(_length));
        _utf8[_length++] = (byte)';';
        return this;
    }

    public FingerprintBuilder Add(long value)
    {
        Span<byte> digits = stackalloc byte[24];
        value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        return AddAscii(digits[..written]);
    }

    public FingerprintBuilder Add(long? value) => value is { } v ? Add(v) : Missing();

    public FingerprintBuilder Add(bool value) => AddAscii(value ? "1"u8 : "0"u8);

    /// <summary>Decimals are normalized so that 1.50 and 1.5 fingerprint alike.</summary>
    public FingerprintBuilder Add(decimal? value)
    {
        if (value is not { } v) return Missing();
        Span<byte> digits = stackalloc byte[64];
        (v / 1.000000000000000000000000000000000m).TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        return AddAscii(digits[..written]);
    }

    public FingerprintBuilder Add(DateTimeOffset? value) => value is { } v ? Add(v.UtcTicks) : Missing();

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
        SHA256.HashData(_utf8.AsSpan(0, _length), hash);
        return Convert.ToHexString(hash[..16]);
    }

    /// <summary>A value whose text is ASCII (digits, a sign, a point): its length in bytes is its length in code units.</summary>
    private FingerprintBuilder AddAscii(ReadOnlySpan<byte> text)
    {
        AppendLength(text.Length);
        Ensure(text.Length + 1);
        text.CopyTo(_utf8.AsSpan(_length));
        _length += text.Length;
        _utf8[_length++] = (byte)';';
        return this;
    }

    private FingerprintBuilder Missing()
    {
        Ensure(2);
        _utf8[_length++] = (byte)'~';
        _utf8[_length++] = (byte)';';
        return this;
    }

    private void AppendLength(int length)
    {
        Ensure(12);
        length.TryFormat(_utf8.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
        _utf8[_length++] = (byte)':';
    }

    private void Ensure(int more)
    {
        if (_length + more > _utf8.Length) Array.Resize(ref _utf8, Math.Max(_utf8.Length * 2, _length + more));
    }
}
