using System.Text;
using System.Text.Json;
using Waterfall.Chain.Abi;
using Waterfall.Chain.Primitives;

namespace Waterfall.X402.Contracts;

/// <summary>
/// One compiled contract as deploy/contracts/compile.mjs writes it: name, ABI (JSON), init code
/// (<see cref="Bytecode"/>) and runtime code (<see cref="DeployedBytecode"/>), and the solc version.
/// The ABI is read into Waterfall.Chain's <see cref="AbiFunction"/>/<see cref="AbiEvent"/>, so
/// calldata and logs are encoded from what was compiled rather than from hand-copied signatures.
/// </summary>
public sealed class ContractArtifact
{
    private readonly byte[] _bytecode;
    private readonly byte[] _deployedBytecode;
    private readonly IReadOnlyList<AbiType> _constructorInputs;
    private readonly IReadOnlyList<AbiFunction> _functions;
    private readonly IReadOnlyList<AbiEvent> _events;

    private ContractArtifact(
        string name,
        string abiJson,
        byte[] bytecode,
        byte[] deployedBytecode,
        string compilerVersion,
        IReadOnlyList<AbiType> constructorInputs,
        IReadOnlyList<AbiFunction> functions,
        IReadOnlyList<AbiEvent> events)
    {
        Name = name;
        AbiJson = abiJson;
        _bytecode = bytecode;
        _deployedBytecode = deployedBytecode;
        CompilerVersion = compilerVersion;
        _constructorInputs = constructorInputs;
        _functions = functions;
        _events = events;
    }

    /// <summary>The contract's name, e.g. "Eip3009Token".</summary>
    public string Name { get; }

    /// <summary>The ABI as the JSON array solc produced.</summary>
    public string AbiJson { get; }

    /// <summary>The init code: what a deployment transaction carries before the constructor arguments.</summary>
    public ReadOnlyMemory<byte> Bytecode => _bytecode;

    /// <summary>The runtime code: what eth_getCode returns once deployed.</summary>
    public ReadOnlyMemory<byte> DeployedBytecode => _deployedBytecode;

    /// <summary>The compiler that produced the bytecode, e.g. "0.8.37+commit.f401782d".</summary>
    public string CompilerVersion { get; }

    /// <summary>The constructor's parameter types, in order (empty when it takes none).</summary>
    public IReadOnlyList<AbiType> ConstructorInputs => _constructorInputs;

    public IReadOnlyList<AbiFunction> Functions => _functions;

    public IReadOnlyList<AbiEvent> Events => _events;

    /// <summary>Parses an artifact written by compile.mjs.</summary>
    public static ContractArtifact FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var name = RequiredString(root, "contractName");
        var abi = Required(root, "abi");
        if (abi.ValueKind != JsonValueKind.Array)
            throw new FormatException($"Artifact {name}: 'abi' is not an array.");
        var compiler = Required(root, "compiler");
        IReadOnlyList<AbiType> constructorInputs = [];
        var functions = new List<AbiFunction>();
        var events = new List<AbiEvent>();
        foreach (var entry in abi.EnumerateArray())
        {
            switch (entry.TryGetProperty("type", out var type) ? type.GetString() : "function")
            {
                case "constructor":
                    constructorInputs = Parameters(entry, "inputs").Select(p => AbiType.Parse(p.Type)).ToArray();
                    break;
                case "function":
                    functions.Add(AbiFunction.Parse(FunctionSignature(entry)));
                    break;
                case "event":
                    events.Add(AbiEvent.Parse(EventSignature(entry)));
                    break;
            }
        }
        return new ContractArtifact(
            name,
            abi.GetRawText(),
            Hex.Decode(RequiredString(root, "bytecode")),
            Hex.Decode(RequiredString(root, "deployedBytecode")),
            RequiredString(compiler, "version"),
            constructorInputs,
            functions,
            events);
    }

    /// <summary>init code ‖ abi.encode(constructor arguments): the data of the deployment transaction.</summary>
    public byte[] DeploymentData(params object?[] constructorArguments)
    {
        ArgumentNullException.ThrowIfNull(constructorArguments);
        if (constructorArguments.Length != _constructorInputs.Count)
            throw new ArgumentException($"{Name}'s constructor takes {_constructorInputs.Count} arguments, got {constructorArguments.Length}.", nameof(constructorArguments));
        return _constructorInputs.Count == 0
            ? [.. _bytecode]
            : [.. _bytecode, .. AbiEncoder.Encode(_constructorInputs, constructorArguments)];
    }

    /// <summary>The function with this canonical signature, e.g. "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)".</summary>
    public AbiFunction Function(string signature)
    {
        ArgumentException.ThrowIfNullOrEmpty(signature);
        if (!signature.Contains('(', StringComparison.Ordinal))
        {
            var byName = _functions.Where(f => f.Name == signature).ToArray();
            return byName.Length switch
            {
                1 => byName[0],
                0 => throw new KeyNotFoundException($"{Name} has no function named '{signature}'."),
                _ => throw new ArgumentException($"{Name}.{signature} is overloaded ({string.Join(", ", byName.Select(f => f.Signature))}); give the full signature.", nameof(signature)),
            };
        }
        var canonical = AbiFunction.Parse(signature).Signature;
        return _functions.FirstOrDefault(f => f.Signature == canonical)
            ?? throw new KeyNotFoundException($"{Name} has no function {canonical}.");
    }

    /// <summary>The event with this name, e.g. "Transfer".</summary>
    public AbiEvent Event(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return _events.FirstOrDefault(e => e.Name == name)
            ?? throw new KeyNotFoundException($"{Name} has no event named '{name}'.");
    }

    public override string ToString() => $"{Name} (solc {CompilerVersion})";

    private static string FunctionSignature(JsonElement entry)
    {
        var text = new StringBuilder();
        text.Append(RequiredString(entry, "name")).Append('(');
        text.AppendJoin(", ", Parameters(entry, "inputs").Select(p => Named(p.Type, p.Name)));
        text.Append(')');
        var outputs = Parameters(entry, "outputs");
        if (outputs.Count > 0)
            text.Append(" returns (").AppendJoin(", ", outputs.Select(p => Named(p.Type, p.Name))).Append(')');
        return text.ToString();
    }

    private static string EventSignature(JsonElement entry)
    {
        var text = new StringBuilder();
        text.Append(RequiredString(entry, "name")).Append('(');
        text.AppendJoin(", ", Parameters(entry, "inputs").Select(p => p.Indexed ? $"{p.Type} indexed{Suffix(p.Name)}" : Named(p.Type, p.Name)));
        return text.Append(')').ToString();
    }

    private static string Named(string type, string name) => type + Suffix(name);

    private static string Suffix(string name) => name.Length == 0 ? "" : " " + name;

    private static List<(string Type, string Name, bool Indexed)> Parameters(JsonElement entry, string property)
    {
        if (!entry.TryGetProperty(property, out var list) || list.ValueKind != JsonValueKind.Array)
            return [];
        return list.EnumerateArray()
            .Select(p => (
                TypeOf(p),
                p.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "",
                p.TryGetProperty("indexed", out var i) && i.ValueKind == JsonValueKind.True))
            .ToList();
    }

    // The JSON ABI writes tuples as "tuple" / "tuple[]" plus "components"; the signature form is "(…)" / "(…)[]".
    private static string TypeOf(JsonElement parameter)
    {
        var type = RequiredString(parameter, "type");
        if (!type.StartsWith("tuple", StringComparison.Ordinal))
            return type;
        var components = Required(parameter, "components").EnumerateArray().Select(TypeOf);
        return "(" + string.Join(",", components) + ")" + type["tuple".Length..];
    }

    private static JsonElement Required(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            ? value
            : throw new FormatException($"Contract artifact: missing '{property}'.");

    private static string RequiredString(JsonElement element, string property) =>
        Required(element, property) is { ValueKind: JsonValueKind.String } value
            ? value.GetString()!
            : throw new FormatException($"Contract artifact: '{property}' is not a string.");
}
