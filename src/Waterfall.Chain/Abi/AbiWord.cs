using System.Numerics;

namespace Waterfall.Chain.Abi;

/// <summary>The 32-byte word that everything in the ABI is aligned to, and the bounds checks around reading one.</summary>
internal static class AbiWord
{
    public const int Size = 32;

    public static byte[] FromUInt(BigInteger value)
    {
        var word = new byte[Size];
        var count = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(word.AsSpan(Size - count), out _, isUnsigned: true, isBigEndian: true);
        return word;
    }

    public static byte[] FromInt(BigInteger value)
    {
        // Two's complement over 256 bits: negative numbers are sign-extended with 0xff.
        var word = new byte[Size];
        if (value.Sign < 0)
            word.AsSpan().Fill(0xff);
        var count = value.GetByteCount(isUnsigned: false);
        value.TryWriteBytes(word.AsSpan(Size - count), out _, isUnsigned: false, isBigEndian: true);
        return word;
    }

    public static ReadOnlySpan<byte> Read(ReadOnlySpan<byte> data, int offset = 0)
    {
        if (offset < 0 || data.Length - offset < Size)
            throw new FormatException($"ABI data ends before the word at byte {offset} (have {data.Length} bytes).");
        return data.Slice(offset, Size);
    }

    public static BigInteger ReadUInt(ReadOnlySpan<byte> data, int offset = 0) =>
        new(Read(data, offset), isUnsigned: true, isBigEndian: true);

    /// <summary>Reads an offset or length and checks it against what the data could possibly hold.</summary>
    public static int ReadSize(ReadOnlySpan<byte> data, int offset, int max, string what)
    {
        var value = ReadUInt(data, offset);
        if (value > max)
            throw new FormatException($"ABI {what} {value} exceeds the {max} bytes available.");
        return (int)value;
    }

    public static byte[] PadRight(ReadOnlySpan<byte> bytes)
    {
        var padded = new byte[(bytes.Length + Size - 1) / Size * Size];
        bytes.CopyTo(padded);
        return padded;
    }
}
