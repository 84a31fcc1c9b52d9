using System.Buffers;
using System.Text;

namespace Waterfall.Ledger.Serialization.Compact;

/// <summary>
/// Writes the primitives of the compact form (docs/durability.md, "The stored form"): unsigned LEB128 varints, signed ones
/// zig-zagged, strings as UTF-8 behind their length plus one (zero is null), decimals with their scale, times as UTC ticks
/// and an offset. One writer is reused for every row of a batch.
/// </summary>
public sealed class CompactWriter
{
    private IBufferWriter<byte> _output = null!;

    public void Reset(IBufferWriter<byte> output) => _output = output;

    public void Byte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void Unsigned(ulong value)
    {
        var span = _output.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        _output.Advance(i);
    }

    public void Long(long value) => Unsigned((ulong)((value << 1) ^ (value >> 63)));

    public void NullableLong(long? value)
    {
        Bool(value.HasValue);
        if (value is { } v) Long(v);
    }

    public void String(string? value)
    {
        if (value is null)
        {
            Unsigned(0);
            return;
        }
        var length = Encoding.UTF8.GetByteCount(value);
        Unsigned((ulong)length + 1);
        var span = _output.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        _output.Advance(length);
    }

    /// <summary>Exactly, scale included: 0.00537500 stays 0.00537500, as the JSON form keeps it.</summary>
    public void Decimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (byte)((bits[3] >> 16) & 0xFF);
        Byte(bits[3] < 0 ? (byte)(scale | 0x80) : scale);
        Unsigned((uint)bits[0] | ((ulong)(uint)bits[1] << 32));
        Unsigned((uint)bits[2]);
    }

    public void Time(DateTimeOffset value)
    {
        Unsigned((ulong)value.UtcTicks);
        Long((long)value.Offset.TotalMinutes);
    }

    /// <summary>A 32-digit upper-case hex fingerprint packs into 16 bytes; any other text is kept as it is.</summary>
    public void Fingerprint(string value)
    {
        if (value.Length == 32 && IsUpperHex(value))
        {
            Byte(1);
            var span = _output.GetSpan(16);
            Convert.FromHexString(value, span[..16], out _, out _);
            _output.Advance(16);
            return;
        }
        Byte(0);
        String(value);
    }

    private static bool IsUpperHex(string value)
    {
        foreach (var c in value)
            if (c is not (>= '0' and <= '9' or >= 'A' and <= 'F')) return false;
        return true;
    }
}
