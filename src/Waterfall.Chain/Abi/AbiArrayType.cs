using System.Collections;

namespace Waterfall.Chain.Abi;

/// <summary>
/// T[] (dynamic: a length word, then the elements encoded as a tuple) or T[k] (the k elements encoded
/// as a tuple, static when T is).
/// </summary>
public sealed class AbiArrayType : AbiType
{
    public AbiArrayType(AbiType element, int? length = null)
    {
        ArgumentNullException.ThrowIfNull(element);
        // Solidity has no zero-length fixed arrays, and every static type being at least a word keeps decoding bounded.
        if (length is < 1)
            throw new ArgumentOutOfRangeException(nameof(length), "A fixed-size array has at least one element.");
        Element = element;
        Length = length;
    }

    public AbiType Element { get; }

    /// <summary>The fixed length k of T[k]; null for a dynamic T[].</summary>
    public int? Length { get; }

    public override string CanonicalName => $"{Element.CanonicalName}[{Length?.ToString(System.Globalization.CultureInfo.InvariantCulture)}]";

    public override bool IsDynamic => Length is null || Element.IsDynamic;

    internal override int HeadSize => IsDynamic ? AbiWord.Size : checked(Length!.Value * Element.HeadSize);

    internal override byte[] Encode(object? value)
    {
        if (value is not IList list || value is byte[])
            throw WrongValue(value, "a list");
        if (Length is { } fixedLength && list.Count != fixedLength)
            throw new ArgumentException($"ABI {CanonicalName} needs {fixedLength} elements, got {list.Count}.");
        var types = Enumerable.Repeat(Element, list.Count).ToArray();
        var values = list.Cast<object?>().ToArray();
        var body = AbiEncoder.EncodeTuple(types, values);
        return Length is null ? [.. AbiWord.FromUInt(list.Count), .. body] : body;
    }

    internal override object? Decode(ReadOnlySpan<byte> data)
    {
        int count;
        if (Length is { } fixedLength)
        {
            count = fixedLength;
        }
        else
        {
            // Every element takes at least one word of head, which bounds a hostile length before allocating.
            count = AbiWord.ReadSize(data, 0, (data.Length - AbiWord.Size) / AbiWord.Size, "array length");
            data = data[AbiWord.Size..];
        }
        return AbiDecoder.DecodeTuple(Enumerable.Repeat(Element, count).ToArray(), data);
    }
}
