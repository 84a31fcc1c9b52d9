namespace Waterfall.Chain.Abi;

/// <summary>
/// A Solidity ABI type. Each type knows its canonical name (what selectors and topics hash), whether it
/// is dynamic (encoded in the tail behind an offset) and how to encode and decode one value of itself.
/// <para>C# values by type: address → EthAddress; uintN/intN → BigInteger (any integral type is accepted
/// on encode); bool → bool; bytes32 → Bytes32 (byte[] of 32 also accepted); other bytesN and bytes → byte[];
/// string → string; arrays and tuples → object?[] (any IList, and C# tuples for tuples, on encode).</para>
/// </summary>
public abstract class AbiType
{
    private protected AbiType()
    {
    }

    /// <summary>The name as it appears in canonical signatures, e.g. "uint256" or "(address,bytes32)[]".</summary>
    public abstract string CanonicalName { get; }

    /// <summary>Dynamic types (bytes, string, T[], and anything containing one) live in the tail behind an offset.</summary>
    public abstract bool IsDynamic { get; }

    /// <summary>Bytes the value takes in the head: 32, or the full inline size of a static tuple or fixed array.</summary>
    internal virtual int HeadSize => 32;

    /// <summary>Parses a type such as "uint256", "bytes32[]" or "(address,uint256)[2]".</summary>
    public static AbiType Parse(string text) => AbiSignatureParser.ParseType(text);

    /// <summary>The encoding of one value: for a static type its head bytes, for a dynamic one its tail bytes.</summary>
    internal abstract byte[] Encode(object? value);

    /// <summary>Decodes one value whose encoding starts at <paramref name="data"/>[0].</summary>
    internal abstract object? Decode(ReadOnlySpan<byte> data);

    public override string ToString() => CanonicalName;

    public override bool Equals(object? obj) => obj is AbiType other && other.CanonicalName == CanonicalName;

    public override int GetHashCode() => CanonicalName.GetHashCode(StringComparison.Ordinal);

    private protected Exception WrongValue(object? value, string expected) =>
        new ArgumentException($"ABI {CanonicalName} needs {expected}, got {(value is null ? "null" : value.GetType().Name)}.");
}
