namespace Waterfall.Chain.Abi;

/// <summary>bytes: a length word, then the bytes right-padded to a whole number of words.</summary>
public sealed class AbiBytesType : AbiType
{
    public static AbiBytesType Instance { get; } = new();

    private AbiBytesType()
    {
    }

    public override string CanonicalName => "bytes";

    public override bool IsDynamic => true;

    internal override byte[] Encode(object? value) => value switch
    {
        byte[] bytes => EncodeBytes(bytes),
        ReadOnlyMemory<byte> memory => EncodeBytes(memory.Span),
        _ => throw WrongValue(value, "a byte[]"),
    };

    internal static byte[] EncodeBytes(ReadOnlySpan<byte> bytes) =>
        [.. AbiWord.FromUInt(bytes.Length), .. AbiWord.PadRight(bytes)];

    internal override object? Decode(ReadOnlySpan<byte> data) => DecodeBytes(data).ToArray();

    internal static ReadOnlySpan<byte> DecodeBytes(ReadOnlySpan<byte> data)
    {
        var length = AbiWord.ReadSize(data, 0, data.Length - AbiWord.Size, "bytes length");
        return data.Slice(AbiWord.Size, length);
    }
}
