using System.Globalization;
using System.Numerics;

namespace Waterfall.Chain.Primitives;

/// <summary>
/// 0x-prefixed hex as Ethereum JSON-RPC uses it. Two flavours exist and are kept apart on purpose:
/// DATA (bytes: even number of digits, may be "0x") and QUANTITY (an integer: no leading zeros, "0x0" for zero).
/// Parsing is strict because a lenient parser hides bugs (a dropped nibble, an unprefixed decimal).
/// </summary>
public static class Hex
{
    /// <summary>Bytes as lowercase DATA: "0x" followed by two digits a byte.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>Parses DATA. Requires the 0x prefix, an even number of digits and nothing else.</summary>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return TryDecode(hex, out var bytes)
            ? bytes
            : throw new FormatException($"Not 0x-prefixed hex bytes: '{Shorten(hex)}'.");
    }

    public static bool TryDecode(string? hex, out byte[] bytes)
    {
        bytes = [];
        if (hex is null || !HasPrefix(hex) || hex.Length % 2 != 0)
            return false;
        var digits = hex.AsSpan(2);
        foreach (var c in digits)
            if (!char.IsAsciiHexDigit(c))
                return false;
        bytes = Convert.FromHexString(digits);
        return true;
    }

    /// <summary>Parses DATA that must be exactly <paramref name="length"/> bytes long.</summary>
    public static byte[] Decode(string hex, int length)
    {
        var bytes = Decode(hex);
        return bytes.Length == length
            ? bytes
            : throw new FormatException($"Expected {length} bytes of hex but got {bytes.Length}: '{Shorten(hex)}'.");
    }

    /// <summary>A non-negative integer as QUANTITY: "0x0", "0x41", never "0x041".</summary>
    public static string EncodeQuantity(BigInteger value)
    {
        if (value.Sign < 0)
            throw new ArgumentOutOfRangeException(nameof(value), "A quantity cannot be negative.");
        if (value.IsZero)
            return "0x0";
        // BigInteger's "x" format may add a leading 0 to keep the sign positive; strip it.
        return "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
    }

    public static string EncodeQuantity(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Parses QUANTITY strictly: prefix, at least one digit, no leading zeros (except "0x0").</summary>
    public static BigInteger DecodeQuantity(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (!HasPrefix(hex) || hex.Length == 2)
            throw new FormatException($"Not a hex quantity: '{Shorten(hex)}'.");
        var digits = hex.AsSpan(2);
        if (digits.Length > 1 && digits[0] == '0')
            throw new FormatException($"A hex quantity has no leading zeros: '{Shorten(hex)}'.");
        foreach (var c in digits)
            if (!char.IsAsciiHexDigit(c))
                throw new FormatException($"Not a hex quantity: '{Shorten(hex)}'.");
        // A leading "0" makes the number unsigned for BigInteger's parser.
        return BigInteger.Parse("0" + digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    /// <summary>Parses QUANTITY into a ulong, failing rather than wrapping when it does not fit.</summary>
    public static ulong DecodeQuantityUInt64(string hex)
    {
        var value = DecodeQuantity(hex);
        return value <= ulong.MaxValue
            ? (ulong)value
            : throw new OverflowException($"Quantity {Shorten(hex)} does not fit in 64 bits.");
    }

    // Only lowercase "0x": that is what the JSON-RPC spec and every node emit; "0X" signals a hand-made value.
    private static bool HasPrefix(string hex) => hex.Length >= 2 && hex[0] == '0' && hex[1] == 'x';

    // Error messages quote the input, but never an unbounded amount of it.
    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";
}
