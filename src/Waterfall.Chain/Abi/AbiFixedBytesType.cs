using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Abi;

/// <summary>bytes1 … bytes32: left-aligned in a word, zero-padded on the right.</summary>
public sealed class AbiFixedBytesType : AbiType
{
    public AbiFixedBytesType(int size)
    {
        if (size is < 1 or > 32)
            throw new ArgumentOutOfRangeException(nameof(size), "bytesN needs N in 1..32.");
        Size = size;
    }

    public int Size { get; }

    public override string CanonicalName => $"bytes{Size}";

    public override bool IsDynamic => false;

    internal override byte[] Encode(object? value)
    {
        ReadOnlySpan<byte> bytes = value switch
        {
            Bytes32 b32 => b32.Span,
            byte[] array => array,
            _ => throw WrongValue(value, $"{Size} bytes"),
        };
        if (bytes.Length != Size)
            throw new ArgumentException($"ABI {CanonicalName} needs exactly {Size} bytes, got {bytes.Length}.");
        var word = new byte[AbiWord.Size];
        bytes.CopyTo(word);
        return word;
    }

    internal override object? Decode(ReadOnlySpan<byte> data)
    {
        var word = AbiWord.Read(data);
        if (word[Size..].ContainsAnyExcept((byte)0))
            throw new FormatException($"ABI {CanonicalName} has non-zero padding.");
        // bytes32 is so common (hashes, nonces, r, s) that it gets its own value type.
        return Size == 32 ? new Bytes32(word) : word[..Size].ToArray();
    }
}
