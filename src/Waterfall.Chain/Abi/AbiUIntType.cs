using System.Numerics;

namespace Waterfall.Chain.Abi;

/// <summary>uint8 … uint256: big-endian, left-padded with zeros.</summary>
public sealed class AbiUIntType : AbiType
{
    public AbiUIntType(int bits)
    {
        if (bits is < 8 or > 256 || bits % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(bits), "uintN needs N in 8..256, a multiple of 8.");
        Bits = bits;
        Max = (BigInteger.One << bits) - 1;
    }

    public int Bits { get; }

    public BigInteger Max { get; }

    public override string CanonicalName => $"uint{Bits}";

    public override bool IsDynamic => false;

    internal override byte[] Encode(object? value)
    {
        if (!AbiIntegers.TryToBigInteger(value, out var n))
            throw WrongValue(value, "an integer");
        if (n.Sign < 0 || n > Max)
            throw new ArgumentOutOfRangeException(nameof(value), $"{n} does not fit in {CanonicalName}.");
        return AbiWord.FromUInt(n);
    }

    internal override object? Decode(ReadOnlySpan<byte> data)
    {
        var n = AbiWord.ReadUInt(data);
        // Dirty high bits mean the data was not produced for this type; Solidity's decoder reverts on them too.
        return n <= Max ? n : throw new FormatException($"ABI value {n} does not fit in {CanonicalName}.");
    }
}
