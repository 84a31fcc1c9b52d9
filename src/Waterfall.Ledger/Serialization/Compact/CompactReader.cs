using System.Text;

namespace Waterfall.Ledger.Serialization.Compact;

/// <summary>Reads what <see cref="CompactWriter"/> wrote; a truncated or malformed value throws <see cref="FormatException"/>.</summary>
public ref struct CompactReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _at;

    public readonly bool AtEnd => _at == _bytes.Length;

    public byte Byte()
    {
        if (_at >= _bytes.Length) throw Truncated();
        return _bytes[_at++];
    }

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw new FormatException($"Compact form: {b} is not a boolean."),
    };

    public ulong Unsigned()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new FormatException("Compact form: a varint runs past 64 bits.");
    }

    public long Long()
    {
        var raw = Unsigned();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public long? NullableLong() => Bool() ? Long() : null;

    public int Count()
    {
        var count = Unsigned();
        return count <= (ulong)(_bytes.Length - _at) ? (int)count : throw new FormatException($"Compact form: a count of {count} exceeds what is left.");
    }

    public string? String()
    {
        var prefix = Unsigned();
        if (prefix == 0) return null;
        var length = prefix - 1;
        if (length > (ulong)(_bytes.Length - _at)) throw Truncated();
        var text = Encoding.UTF8.GetString(_bytes.Slice(_at, (int)length));
        _at += (int)length;
        return text;
    }

    public string RequiredString() => String() ?? throw new FormatException("Compact form: a required text is null.");

    public decimal Decimal()
    {
        var signAndScale = Byte();
        var low = Unsigned();
        var high = Unsigned();
        var scale = (byte)(signAndScale & 0x7F);
        if (scale > 28 || high > uint.MaxValue) throw new FormatException("Compact form: not a decimal.");
        return new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)(uint)high, (signAndScale & 0x80) != 0, scale);
    }

    public DateTimeOffset Time()
    {
        var ticks = Unsigned();
        var offset = Long();
        if (ticks > (ulong)DateTime.MaxValue.Ticks || offset is < -14 * 60 or > 14 * 60) throw new FormatException("Compact form: not a time.");
        return new DateTimeOffset((long)ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offset));
    }

    public string Fingerprint()
    {
        if (Byte() == 0) return RequiredString();
        if (_bytes.Length - _at < 16) throw Truncated();
        var text = Convert.ToHexString(_bytes.Slice(_at, 16));
        _at += 16;
        return text;
    }

    private static FormatException Truncated() => new("Compact form: the value is truncated.");
}
