namespace Waterfall.Chain.Abi;

/// <summary>Solidity ABI encoding (the "head/tail" scheme of the contract ABI specification).</summary>
public static class AbiEncoder
{
    /// <summary>Encodes values as the argument list of a call (a tuple of the given types), without a selector.</summary>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values) => EncodeTuple(types, values);

    /// <summary>Encodes values given as type names, e.g. Encode(["address", "uint256"], [to, amount]).</summary>
    public static byte[] Encode(IReadOnlyList<string> types, IReadOnlyList<object?> values) =>
        EncodeTuple(types.Select(AbiType.Parse).ToArray(), values);

    // Static components sit in the head; dynamic ones leave an offset (from the start of this tuple) in
    // the head and append their encoding to the tail.
    internal static byte[] EncodeTuple(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        if (types.Count != values.Count)
            throw new ArgumentException($"ABI encoding needs {types.Count} values, got {values.Count}.");
        var headLength = types.Sum(t => t.HeadSize);
        var heads = new List<byte[]>(types.Count);
        var tails = new List<byte[]>();
        var tailLength = 0;
        for (var i = 0; i < types.Count; i++)
        {
            byte[] encoded;
            try
            {
                encoded = types[i].Encode(values[i]);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"ABI value #{i} ({types[i]}): {e.Message}", e);
            }
            if (types[i].IsDynamic)
            {
                heads.Add(AbiWord.FromUInt(headLength + tailLength));
                tails.Add(encoded);
                tailLength += encoded.Length;
            }
            else
            {
                heads.Add(encoded);
            }
        }
        return [.. heads.SelectMany(h => h), .. tails.SelectMany(t => t)];
    }
}
