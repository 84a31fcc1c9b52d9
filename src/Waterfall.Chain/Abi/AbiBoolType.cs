namespace Waterfall.Chain.Abi;

/// <summary>bool: a word holding exactly 0 or 1.</summary>
public sealed class AbiBoolType : AbiType
{
    public static AbiBoolType Instance { get; } = new();

    private AbiBoolType()
    {
    }

    public override string CanonicalName => "bool";

    public override bool IsDynamic => false;

    internal override byte[] Encode(object? value)
    {
        if (value is not bool b)
            throw WrongValue(value, "a bool");
        var word = new byte[AbiWord.Size];
        word[^1] = b ? (byte)1 : (byte)0;
        return word;
    }

    internal override object? Decode(ReadOnlySpan<byte> data)
    {
        var word = AbiWord.Read(data);
        if (word[..^1].ContainsAnyExcept((byte)0) || word[^1] > 1)
            throw new FormatException("ABI bool is neither 0 nor 1.");
        return word[^1] == 1;
    }
}
