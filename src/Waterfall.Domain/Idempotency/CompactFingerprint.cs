using System.Globalization;

namespace Waterfall.Domain.Idempotency;

/// <summary>
/// A request fingerprint as the idempotency window keeps it: the 32 upper-case hex digits that
/// <see cref="FingerprintBuilder"/> makes, as their 16 bytes inline instead of an 86-byte string
/// per remembered key. Anything else (a fingerprint from an older format) is kept as the text it
/// was, so <see cref="ToString"/> always gives back exactly the string it was made from.
/// </summary>
public readonly struct CompactFingerprint : IEquatable<CompactFingerprint>
{
    private const int HexDigits = 32;

    private readonly UInt128 _value;
    private readonly string? _text;

    private CompactFingerprint(UInt128 value, string? text)
    {
        _value = value;
        _text = text;
    }

    public static CompactFingerprint From(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return IsCanonicalHex(fingerprint) && UInt128.TryParse(fingerprint, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? new CompactFingerprint(value, null)
            : new CompactFingerprint(default, fingerprint);
    }

    /// <summary>True when this is the fingerprint <paramref name="fingerprint"/>, compared as text.</summary>
    public bool Matches(string fingerprint) => Equals(From(fingerprint));

    public bool Equals(CompactFingerprint other) => _value == other._value && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is CompactFingerprint other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_value, _text);

    public override string ToString() => _text ?? _value.ToString("X32", CultureInfo.InvariantCulture);

    public static bool operator ==(CompactFingerprint left, CompactFingerprint right) => left.Equals(right);

    public static bool operator !=(CompactFingerprint left, CompactFingerprint right) => !left.Equals(right);

    // Only text that formats back to itself is packed: 32 digits, 0-9 and A-F.
    private static bool IsCanonicalHex(string text)
    {
        if (text.Length != HexDigits) return false;
        foreach (var c in text)
            if (c is not (>= '0' and <= '9' or >= 'A' and <= 'F')) return false;
        return true;
    }
}
