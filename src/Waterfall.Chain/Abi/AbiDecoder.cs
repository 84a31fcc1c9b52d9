namespace Waterfall.Chain.Abi;

/// <summary>
/// Solidity ABI decoding of return data and log data. Offsets and lengths are bounds-checked before
/// use, so malformed or hostile data from a node gives a FormatException, never an out-of-range read.
/// </summary>
public static class AbiDecoder
{
    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data) => DecodeTuple(types, data);

    public static object?[] Decode(IReadOnlyList<string> types, ReadOnlySpan<byte> data) =>
        DecodeTuple(types.Select(AbiType.Parse).ToArray(), data);

    /// <summary>Decodes a single value, e.g. the uint256 that balanceOf returns.</summary>
    public static object? DecodeSingle(AbiType type, ReadOnlySpan<byte> data) => DecodeTuple([type], data)[0];

    internal static object?[] DecodeTuple(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        var values = new object?[types.Count];
        var position = 0;
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            if (type.IsDynamic)
            {
                var offset = AbiWord.ReadSize(data, position, data.Length, "offset");
                values[i] = type.Decode(data[offset..]);
                position += AbiWord.Size;
            }
            else
            {
                if (data.Length - position < type.HeadSize)
                    throw new FormatException($"ABI data ends inside the {type} at byte {position}.");
                values[i] = type.Decode(data.Slice(position, type.HeadSize));
                position += type.HeadSize;
            }
        }
        return values;
    }
}
