using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Abi;

/// <summary>address: 20 bytes left-padded to a word, i.e. encoded like a uint160.</summary>
public sealed class AbiAddressType : AbiType
{
    public static AbiAddressType Instance { get; } = new();

    private AbiAddressType()
    {
    }

    public override string CanonicalName => "address";

    public override bool IsDynamic => false;

    internal override byte[] Encode(object? value)
    {
        if (value is not EthAddress address)
            throw WrongValue(value, "an EthAddress");
        var word = new byte[AbiWord.Size];
        address.Span.CopyTo(word.AsSpan(12));
        return word;
    }

    internal override object? Decode(ReadOnlySpan<byte> data)
    {
        var word = AbiWord.Read(data);
        if (word[..12].ContainsAnyExcept((byte)0))
            throw new FormatException("ABI address has non-zero bytes above its 20 bytes.");
        return new EthAddress(word[12..]);
    }
}
