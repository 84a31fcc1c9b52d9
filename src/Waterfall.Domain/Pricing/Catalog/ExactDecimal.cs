namespace Waterfall.Domain.Pricing.Catalog;

/// <summary>
/// Reads a JSON number's text (<c>2.5e-06</c>, <c>0.0</c>, <c>2000000.0</c>) into a decimal digit
/// by digit. decimal.Parse would also avoid binary floats, but it silently rounds what does not
/// fit in 28 digits (and turns <c>1e-40</c> into 0); a price that cannot be held exactly must be
/// refused, not approximated.
/// </summary>
internal static class ExactDecimal
{
    // decimal holds a 96-bit integer mantissa and a power-of-ten scale of 0..28.
    private static readonly UInt128 MaxMantissa = ((UInt128)1 << 96) - 1;
    private const int MaxScale = 28;

    // Far beyond any price or token count, and small enough that the arithmetic below cannot overflow.
    private const int MaxExponentMagnitude = 1000;

    public static bool TryParse(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] == (byte)'-')
        {
            negative = true;
            i++;
        }

        UInt128 mantissa = 0;
        var digits = 0;
        var pendingZeros = 0;
        var fractionDigits = 0;
        var sawDigit = false;
        var sawPoint = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == (byte)'.')
            {
                if (sawPoint) return false;
                sawPoint = true;
                continue;
            }
            if (c is < (byte)'0' or > (byte)'9') break;
            sawDigit = true;
            if (sawPoint) fractionDigits++;
            if (c == (byte)'0')
            {
                // Leading zeros carry nothing; trailing ones are counted, and only written into
                // the mantissa if a significant digit follows them.
                if (mantissa != 0) pendingZeros++;
                continue;
            }
            for (; pendingZeros > 0; pendingZeros--)
            {
                mantissa *= 10;
                if (++digits > 38) return false;
            }
            // 38 significant digits is the most a UInt128 holds; decimal needs at most 29.
            if (++digits > 38) return false;
            mantissa = mantissa * 10 + (uint)(c - '0');
        }
        if (!sawDigit) return false;

        var exponent = 0;
        if (i < text.Length && (text[i] == (byte)'e' || text[i] == (byte)'E'))
        {
            i++;
            var negativeExponent = false;
            if (i < text.Length && (text[i] == (byte)'+' || text[i] == (byte)'-'))
            {
                negativeExponent = text[i] == (byte)'-';
                i++;
            }
            var exponentDigits = 0;
            for (; i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9'; i++)
            {
                exponent = exponent * 10 + (text[i] - '0');
                if (exponent > MaxExponentMagnitude) return false;
                exponentDigits++;
            }
            if (exponentDigits == 0) return false;
            if (negativeExponent) exponent = -exponent;
        }
        if (i != text.Length) return false;

        // value = mantissa * 10^pendingZeros * 10^-(fractionDigits - exponent)
        var scale = fractionDigits - exponent - pendingZeros;

        // The mantissa never ends in a zero here, so a scale beyond 28 means a significant digit
        // decimal cannot hold.
        if (mantissa == 0) scale = Math.Clamp(scale, 0, MaxScale);
        if (scale > MaxScale) return false;

        // A positive exponent larger than the fraction: scale the integer up.
        for (; scale < 0; scale++)
        {
            mantissa *= 10;
            if (mantissa > MaxMantissa) return false;
        }
        if (mantissa > MaxMantissa) return false;

        var lo = (int)(uint)(mantissa & uint.MaxValue);
        var mid = (int)(uint)((mantissa >> 32) & uint.MaxValue);
        var hi = (int)(uint)((mantissa >> 64) & uint.MaxValue);
        value = new decimal(lo, mid, hi, negative && mantissa != 0, (byte)scale);
        return true;
    }
}
