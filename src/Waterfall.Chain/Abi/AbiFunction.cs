using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Abi;

/// <summary>
/// A contract function: its selector (the first 4 bytes of keccak256 of the canonical signature),
/// calldata encoding and return-data decoding.
/// </summary>
public sealed class AbiFunction
{
    private readonly byte[] _selector;

    private AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter> outputs)
    {
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        Signature = $"{name}({string.Join(",", inputs.Select(p => p.Type.CanonicalName))})";
        _selector = Keccak256.HashUtf8(Signature).Span[..4].ToArray();
    }

    /// <summary>Parses e.g. "balanceOf(address owner) returns (uint256)"; parameter names are optional.</summary>
    public static AbiFunction Parse(string signature)
    {
        var (name, inputs, outputs) = AbiSignatureParser.ParseSignature(signature);
        if (inputs.Any(p => p.Indexed) || outputs.Any(p => p.Indexed))
            throw new FormatException($"Function signature '{signature}' cannot have indexed parameters.");
        return new AbiFunction(name, inputs, outputs);
    }

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public IReadOnlyList<AbiParameter> Outputs { get; }

    /// <summary>The canonical signature that is hashed, e.g. "transfer(address,uint256)".</summary>
    public string Signature { get; }

    public ReadOnlySpan<byte> Selector => _selector;

    public string SelectorHex => Hex.Encode(_selector);

    /// <summary>selector ‖ abi.encode(args).</summary>
    public byte[] EncodeCall(params object?[] arguments) =>
        [.. _selector, .. AbiEncoder.EncodeTuple(Inputs.Select(p => p.Type).ToArray(), arguments)];

    /// <summary>Decodes calldata for this function (checks the selector), e.g. to inspect what a transaction does.</summary>
    public object?[] DecodeCall(ReadOnlySpan<byte> calldata)
    {
        if (calldata.Length < 4 || !calldata[..4].SequenceEqual(_selector))
            throw new FormatException($"Calldata does not start with the selector {SelectorHex} of {Signature}.");
        return AbiDecoder.DecodeTuple(Inputs.Select(p => p.Type).ToArray(), calldata[4..]);
    }

    /// <summary>Decodes eth_call return data according to the declared outputs.</summary>
    public object?[] DecodeOutput(ReadOnlySpan<byte> returnData) =>
        AbiDecoder.DecodeTuple(Outputs.Select(p => p.Type).ToArray(), returnData);

    public override string ToString() => Signature;
}
