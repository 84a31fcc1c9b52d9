using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Abi;

/// <summary>
/// A contract event: topic 0 is keccak256 of the canonical signature; indexed parameters follow as
/// topics and the rest are ABI-encoded in the log's data. Indexed dynamic values (string, bytes, arrays,
/// tuples) are stored as their keccak256 only, so they decode to that Bytes32.
/// </summary>
public sealed class AbiEvent
{
    private AbiEvent(string name, IReadOnlyList<AbiParameter> parameters)
    {
        Name = name;
        Parameters = parameters;
        Signature = $"{name}({string.Join(",", parameters.Select(p => p.Type.CanonicalName))})";
        Topic0 = Keccak256.HashUtf8(Signature);
    }

    /// <summary>Parses e.g. "Transfer(address indexed from, address indexed to, uint256 value)".</summary>
    public static AbiEvent Parse(string signature)
    {
        var (name, inputs, outputs) = AbiSignatureParser.ParseSignature(signature);
        if (outputs.Count > 0)
            throw new FormatException($"Event signature '{signature}' cannot have return values.");
        if (inputs.Count(p => p.Indexed) > 3)
            throw new FormatException($"Event signature '{signature}' has more than 3 indexed parameters.");
        return new AbiEvent(name, inputs);
    }

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Parameters { get; }

    public string Signature { get; }

    public Bytes32 Topic0 { get; }

    /// <summary>The topic an indexed parameter with this value has, for eth_getLogs filters.</summary>
    public static Bytes32 EncodeTopic(AbiType type, object? value)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!type.IsDynamic && type.HeadSize == 32)
            return new Bytes32(type.Encode(value));
        return type switch
        {
            AbiStringType or AbiBytesType => Keccak256.Hash(AbiBytesType.DecodeBytes(type.Encode(value))),
            _ => throw new NotSupportedException($"Topic encoding of indexed {type} is not supported."),
        };
    }

    /// <summary>Decodes a log of this event; throws if topic 0 or the number of topics does not match.</summary>
    public AbiEventValues Decode(IReadOnlyList<Bytes32> topics, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var indexedCount = Parameters.Count(p => p.Indexed);
        if (topics.Count == 0 || topics[0] != Topic0)
            throw new FormatException($"Log is not a {Signature} event (topic 0 differs).");
        if (topics.Count != 1 + indexedCount)
            throw new FormatException($"{Signature} has {indexedCount} indexed parameters but the log has {topics.Count - 1} topics.");

        var nonIndexed = Parameters.Where(p => !p.Indexed).Select(p => p.Type).ToArray();
        var dataValues = AbiDecoder.DecodeTuple(nonIndexed, data);
        var values = new object?[Parameters.Count];
        int topic = 1, dataIndex = 0;
        for (var i = 0; i < Parameters.Count; i++)
        {
            var parameter = Parameters[i];
            if (!parameter.Indexed)
                values[i] = dataValues[dataIndex++];
            else if (parameter.Type.IsDynamic || parameter.Type.HeadSize != 32)
                values[i] = topics[topic++];
            else
                values[i] = parameter.Type.Decode(topics[topic++].Span);
        }
        return new AbiEventValues(Parameters, values);
    }

    public override string ToString() => Signature;
}
