using System.Numerics;
using System.Text;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Rlp;

/// <summary>An RLP byte string, with the conventions Ethereum uses to put integers and text into one.</summary>
public sealed class RlpString : RlpItem
{
    private readonly byte[] _bytes;

    public RlpString(ReadOnlySpan<byte> bytes) => _bytes = bytes.ToArray();

    public static RlpString Empty { get; } = new([]);

    public ReadOnlySpan<byte> Bytes => _bytes;

    public static RlpString FromUtf8(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// An integer as RLP stores it: big-endian with no leading zero bytes, so zero is the empty string
    /// (not 0x00). Transaction fields must be encoded this way or nodes reject the transaction.
    /// </summary>
    public static RlpString FromInteger(BigInteger value)
    {
        if (value.Sign < 0)
            throw new ArgumentOutOfRangeException(nameof(value), "RLP integers are non-negative.");
        return value.IsZero ? Empty : new RlpString(value.ToByteArray(isUnsigned: true, isBigEndian: true));
    }

    public static RlpString FromInteger(ulong value) => FromInteger(new BigInteger(value));

    /// <summary>Reads a canonical integer; a leading zero byte is rejected since it would give a second encoding of the same number.</summary>
    public BigInteger ToInteger()
    {
        if (_bytes.Length > 0 && _bytes[0] == 0)
            throw new FormatException("RLP integer has a leading zero byte.");
        return new BigInteger(_bytes, isUnsigned: true, isBigEndian: true);
    }

    public ulong ToUInt64()
    {
        var value = ToInteger();
        return value <= ulong.MaxValue ? (ulong)value : throw new FormatException("RLP integer does not fit in 64 bits.");
    }

    public override bool Equals(RlpItem? other) => other is RlpString s && _bytes.AsSpan().SequenceEqual(s._bytes);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    public override string ToString() => Hex.Encode(_bytes);
}
