using System.Numerics;

namespace Waterfall.Chain.Abi;

/// <summary>int8 … int256: two's complement, sign-extended to 32 bytes.</summary>
public sealed class AbiIntType : AbiType
{
    public AbiIntType(int bits)
    {
        if (bits is < 8 or > 256 || bits % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(bits), "intN needs N in 8..256, a multiple of 8.");
        Bits = bits;
        Max = (BigInteger.One << (bits - 1)) - 1;
        Min = -(BigInteger.One << (bits - 1));
    }

    public int Bits { get; }

    public BigInteger Min { get; }

    public BigInteger Max { get; }

    public override string CanonicalName => $"int{Bits}";

    public override bool IsDynamic => false;

    internal override byte[] Encode(object? value)
    {
        if (!AbiIntegers.TryToBigInteger(value, out var n))
            throw WrongValue(value, "an integer");
        if (n < Min || n > Max)
            throw new ArgumentOutOfRangeException(nameof(value), $"{n} does not fit in {CanonicalName}.");
        return AbiWord.FromInt(n);
    }

    internal override object? Decode(ReadOnlySpan<byte> data)
    {
        var n = new BigInteger(AbiWord.Read(data), isUnsigned: false, isBigEndian: true);
        return n >= Min && n <= Max ? n : throw new FormatException($"ABI value {n} does not fit in {CanonicalName}.");
    }
}
