using System.Globalization;

namespace Waterfall.Chain.Abi;

/// <summary>
/// Parses human-readable signatures: "transfer(address to, uint256 amount)",
/// "Transfer(address indexed from, address indexed to, uint256 value)",
/// "batch((address,uint256)[] items) returns (bool)". Names and "indexed" are optional; "uint"/"int"
/// mean uint256/int256, and "tuple(…)" is accepted for "(…)".
/// </summary>
internal sealed class AbiSignatureParser
{
    private readonly string _text;
    private int _position;

    private AbiSignatureParser(string text) => _text = text;

    public static AbiType ParseType(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new AbiSignatureParser(text);
        parser.SkipSpaces();
        var type = parser.ReadType();
        parser.SkipSpaces();
        parser.ExpectEnd();
        return type;
    }

    /// <summary>name(params) [returns (params)].</summary>
    public static (string Name, IReadOnlyList<AbiParameter> Inputs, IReadOnlyList<AbiParameter> Outputs) ParseSignature(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new AbiSignatureParser(text);
        parser.SkipSpaces();
        var name = parser.ReadIdentifier();
        if (name.Length == 0)
            throw parser.Error("a name");
        var inputs = parser.ReadParameterList();
        parser.SkipSpaces();
        IReadOnlyList<AbiParameter> outputs = [];
        if (parser.TryReadWord("returns"))
        {
            parser.SkipSpaces();
            outputs = parser.ReadParameterList();
            parser.SkipSpaces();
        }
        parser.ExpectEnd();
        return (name, inputs, outputs);
    }

    private List<AbiParameter> ReadParameterList()
    {
        Expect('(');
        var parameters = new List<AbiParameter>();
        SkipSpaces();
        if (TryRead(')'))
            return parameters;
        while (true)
        {
            SkipSpaces();
            var type = ReadType();
            SkipSpaces();
            var indexed = false;
            string? name = null;
            var word = ReadIdentifier();
            if (word == "indexed")
            {
                indexed = true;
                SkipSpaces();
                word = ReadIdentifier();
            }
            // "calldata"/"memory" appear when signatures are pasted from Solidity source; they do not change the ABI.
            if (word is "calldata" or "memory" or "storage")
            {
                SkipSpaces();
                word = ReadIdentifier();
            }
            if (word.Length > 0)
                name = word;
            parameters.Add(new AbiParameter(type, name, indexed));
            SkipSpaces();
            if (TryRead(')'))
                return parameters;
            Expect(',');
        }
    }

    private AbiType ReadType()
    {
        AbiType type;
        if (Peek() == '(' || TryReadWord("tuple"))
        {
            type = new AbiTupleType(ReadParameterList().Select(p => p.Type));
        }
        else
        {
            var start = _position;
            var name = ReadIdentifier();
            type = Elementary(name) ?? throw Error("an ABI type", start);
        }
        while (TryRead('['))
        {
            var start = _position;
            while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
                _position++;
            int? length = null;
            if (_position > start)
            {
                if (_text[start] == '0' || !int.TryParse(_text.AsSpan(start, _position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k < 1)
                    throw Error("an array length of at least 1", start);
                length = k;
            }
            Expect(']');
            type = new AbiArrayType(type, length);
        }
        return type;
    }

    private static AbiType? Elementary(string name)
    {
        switch (name)
        {
            case "address": return AbiAddressType.Instance;
            case "bool": return AbiBoolType.Instance;
            case "string": return AbiStringType.Instance;
            case "bytes": return AbiBytesType.Instance;
            case "uint": return new AbiUIntType(256);
            case "int": return new AbiIntType(256);
        }
        if (TrySize(name, "uint", out var bits) && bits is >= 8 and <= 256 && bits % 8 == 0)
            return new AbiUIntType(bits);
        if (TrySize(name, "int", out bits) && bits is >= 8 and <= 256 && bits % 8 == 0)
            return new AbiIntType(bits);
        if (TrySize(name, "bytes", out var size) && size is >= 1 and <= 32)
            return new AbiFixedBytesType(size);
        return null;
    }

    // "uint256" → 256; rejects "uint08" and other non-canonical spellings that would hash to a different selector.
    private static bool TrySize(string name, string prefix, out int size)
    {
        size = 0;
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || name.Length == prefix.Length)
            return false;
        var digits = name.AsSpan(prefix.Length);
        return digits[0] != '0' && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }

    private string ReadIdentifier()
    {
        var start = _position;
        while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] is '_' or '$'))
            _position++;
        return _text[start.._position];
    }

    private bool TryReadWord(string word)
    {
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
            return false;
        var end = _position + word.Length;
        if (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] == '_'))
            return false;
        _position = end;
        return true;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private bool TryRead(char c)
    {
        if (Peek() != c)
            return false;
        _position++;
        return true;
    }

    private void Expect(char c)
    {
        if (!TryRead(c))
            throw Error($"'{c}'");
    }

    private void ExpectEnd()
    {
        if (_position != _text.Length)
            throw Error("the end");
    }

    private void SkipSpaces()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
            _position++;
    }

    private FormatException Error(string expected, int? at = null) =>
        new($"ABI signature '{_text}': expected {expected} at position {at ?? _position}.");
}
