using System.Collections;
using System.Globalization;
using System.Text;
using Waterfall.Chain.Abi;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.TypedData;

/// <summary>
/// A set of EIP-712 struct types and the hashing over them: encodeType, typeHash and hashStruct.
/// Built from type strings ("TransferWithAuthorization(address from,…)", or several concatenated for
/// nested structs, as in Permit2's "PermitTransferFrom(TokenPermissions permitted,…)TokenPermissions(…)")
/// so that adding ReceiveWithAuthorization or Permit2 is one more string, not more code.
/// <para>Message values: structs are IReadOnlyDictionary&lt;string, object?&gt; keyed by field name; atomic
/// values as for <see cref="AbiType"/> (EthAddress, integers, bool, Bytes32/byte[]); bytes → byte[];
/// string → string; arrays → any IList.</para>
/// </summary>
public sealed class Eip712Types
{
    private readonly Dictionary<string, IReadOnlyList<Eip712Field>> _structs;

    public Eip712Types(IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> structs)
    {
        ArgumentNullException.ThrowIfNull(structs);
        _structs = structs.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Eip712Field>)kv.Value.ToArray(), StringComparer.Ordinal);
        foreach (var (name, fields) in _structs)
        {
            if (!IsIdentifier(name))
                throw new FormatException($"EIP-712 type name '{name}' is not an identifier.");
            if (fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != fields.Count)
                throw new FormatException($"EIP-712 type '{name}' has duplicate field names.");
            foreach (var field in fields)
                if (!IsIdentifier(field.Name) || !IsKnownType(field.Type))
                    throw new FormatException($"EIP-712 type '{name}' has an invalid field '{field}'.");
        }
    }

    /// <summary>Parses one or more concatenated struct definitions, e.g. "Mail(Person from,string contents)Person(string name,address wallet)".</summary>
    public static Eip712Types Parse(string definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var structs = new Dictionary<string, IReadOnlyList<Eip712Field>>(StringComparer.Ordinal);
        var rest = definitions.AsSpan().Trim();
        while (!rest.IsEmpty)
        {
            var open = rest.IndexOf('(');
            var close = rest.IndexOf(')');
            if (open <= 0 || close < open)
                throw new FormatException($"Not an EIP-712 type definition: '{definitions}'.");
            var name = rest[..open].Trim().ToString();
            var body = rest[(open + 1)..close].ToString();
            var fields = body.Length == 0
                ? []
                : body.Split(',').Select(member =>
                {
                    var parts = member.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return parts.Length == 2
                        ? new Eip712Field(parts[0], parts[1])
                        : throw new FormatException($"EIP-712 member '{member}' is not 'type name'.");
                }).ToArray();
            if (!structs.TryAdd(name, fields))
                throw new FormatException($"EIP-712 type '{name}' is defined twice.");
            rest = rest[(close + 1)..].TrimStart();
        }
        return new Eip712Types(structs);
    }

    public IReadOnlyCollection<string> Names => _structs.Keys;

    public IReadOnlyList<Eip712Field> Fields(string structName) =>
        _structs.TryGetValue(structName, out var fields)
            ? fields
            : throw new KeyNotFoundException($"No EIP-712 struct type '{structName}'.");

    /// <summary>encodeType: the primary type, then every struct it references (transitively) sorted by name.</summary>
    public string EncodeType(string primaryType)
    {
        var dependencies = new SortedSet<string>(StringComparer.Ordinal);
        CollectDependencies(primaryType, dependencies);
        dependencies.Remove(primaryType);
        var text = new StringBuilder();
        foreach (var name in dependencies.Prepend(primaryType))
            text.Append(name).Append('(').AppendJoin(',', Fields(name)).Append(')');
        return text.ToString();
    }

    public Bytes32 TypeHash(string primaryType) => Keccak256.HashUtf8(EncodeType(primaryType));

    /// <summary>hashStruct(s) = keccak256(typeHash ‖ encodeData(s)).</summary>
    public Bytes32 HashStruct(string primaryType, IReadOnlyDictionary<string, object?> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var fields = Fields(primaryType);
        var extra = message.Keys.Except(fields.Select(f => f.Name), StringComparer.Ordinal).ToArray();
        if (extra.Length > 0)
            throw new ArgumentException($"EIP-712 {primaryType} has no field(s) {string.Join(", ", extra)}.", nameof(message));
        var encoded = new byte[32 * (1 + fields.Count)];
        TypeHash(primaryType).Span.CopyTo(encoded);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (!message.TryGetValue(field.Name, out var value))
                throw new ArgumentException($"EIP-712 {primaryType} is missing field '{field.Name}'.", nameof(message));
            EncodeValue(field.Type, value, $"{primaryType}.{field.Name}").CopyTo(encoded.AsSpan(32 * (i + 1)));
        }
        return Keccak256.Hash(encoded);
    }

    // Every member becomes exactly 32 bytes: atomic values as in the ABI; dynamic values, structs and arrays as a hash.
    private ReadOnlySpan<byte> EncodeValue(string type, object? value, string path)
    {
        if (type.EndsWith(']'))
        {
            var open = type.LastIndexOf('[');
            var elementType = type[..open];
            var lengthText = type[(open + 1)..^1];
            if (value is not IList list || value is byte[])
                throw new ArgumentException($"EIP-712 {path} needs a list for {type}.");
            if (lengthText.Length > 0 && list.Count != int.Parse(lengthText, CultureInfo.InvariantCulture))
                throw new ArgumentException($"EIP-712 {path} needs {lengthText} elements, got {list.Count}.");
            var concatenated = new byte[32 * list.Count];
            for (var i = 0; i < list.Count; i++)
                EncodeValue(elementType, list[i], $"{path}[{i}]").CopyTo(concatenated.AsSpan(32 * i));
            return Keccak256.Hash(concatenated).Span;
        }
        if (_structs.ContainsKey(type))
        {
            return value is IReadOnlyDictionary<string, object?> nested
                ? HashStruct(type, nested).Span
                : throw new ArgumentException($"EIP-712 {path} needs a dictionary for struct {type}.");
        }
        switch (type)
        {
            case "string":
                return value is string s
                    ? Keccak256.HashUtf8(s).Span
                    : throw new ArgumentException($"EIP-712 {path} needs a string.");
            case "bytes":
                return value is byte[] b
                    ? Keccak256.Hash(b).Span
                    : throw new ArgumentException($"EIP-712 {path} needs a byte[].");
        }
        try
        {
            return AbiEncoder.Encode([AbiType.Parse(type)], [value]);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"EIP-712 {path}: {e.Message}", e);
        }
    }

    private void CollectDependencies(string type, SortedSet<string> found)
    {
        var baseType = BaseType(type);
        if (!_structs.ContainsKey(baseType))
        {
            if (type == baseType && found.Count == 0)
                throw new KeyNotFoundException($"No EIP-712 struct type '{type}'.");
            return;
        }
        if (!found.Add(baseType))
            return;
        foreach (var field in _structs[baseType])
            CollectDependencies(field.Type, found);
    }

    private static string BaseType(string type)
    {
        var bracket = type.IndexOf('[');
        return bracket < 0 ? type : type[..bracket];
    }

    private bool IsKnownType(string type)
    {
        var baseType = BaseType(type);
        if (!ArraySuffixesAreValid(type[baseType.Length..]))
            return false;
        if (_structs.ContainsKey(baseType) || baseType is "string" or "bytes")
            return true;
        try
        {
            var abi = AbiType.Parse(baseType);
            return abi is AbiAddressType or AbiBoolType or AbiUIntType or AbiIntType or AbiFixedBytesType
                && abi.CanonicalName == baseType; // "uint" is not a valid EIP-712 type: it would hash differently
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool ArraySuffixesAreValid(string suffixes)
    {
        var rest = suffixes.AsSpan();
        while (!rest.IsEmpty)
        {
            if (rest[0] != '[')
                return false;
            var close = rest.IndexOf(']');
            if (close < 0)
                return false;
            var digits = rest[1..close];
            if (!digits.IsEmpty && (digits[0] == '0' || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                return false;
            rest = rest[(close + 1)..];
        }
        return true;
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
