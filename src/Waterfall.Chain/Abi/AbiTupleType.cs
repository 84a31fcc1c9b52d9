using System.Collections;
using System.Runtime.CompilerServices;

namespace Waterfall.Chain.Abi;

/// <summary>(T1,…,Tn): a Solidity struct. Static if all components are, and then inlined in the head.</summary>
public sealed class AbiTupleType : AbiType
{
    public AbiTupleType(IEnumerable<AbiType> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        Components = components.ToArray();
        // Solidity has no empty structs; forbidding them keeps every static type at least a word long.
        if (Components.Count == 0)
            throw new ArgumentException("A tuple has at least one component.", nameof(components));
    }

    public IReadOnlyList<AbiType> Components { get; }

    public override string CanonicalName => "(" + string.Join(",", Components.Select(c => c.CanonicalName)) + ")";

    public override bool IsDynamic => Components.Any(c => c.IsDynamic);

    internal override int HeadSize => IsDynamic ? AbiWord.Size : Components.Sum(c => c.HeadSize);

    internal override byte[] Encode(object? value)
    {
        var values = value switch
        {
            // C# tuples ((a, b, c)) read naturally at call sites; lists work too.
            ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).ToArray(),
            IList list when value is not byte[] => list.Cast<object?>().ToArray(),
            _ => throw WrongValue(value, "a tuple or list"),
        };
        return AbiEncoder.EncodeTuple(Components, values);
    }

    internal override object? Decode(ReadOnlySpan<byte> data) => AbiDecoder.DecodeTuple(Components, data);
}
