using System.Text;

namespace Waterfall.Chain.Abi;

/// <summary>string: encoded exactly like bytes, holding UTF-8.</summary>
public sealed class AbiStringType : AbiType
{
    // Invalid UTF-8 from a contract is an error, not something to paper over with U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static AbiStringType Instance { get; } = new();

    private AbiStringType()
    {
    }

    public override string CanonicalName => "string";

    public override bool IsDynamic => true;

    internal override byte[] Encode(object? value) =>
        value is string s ? AbiBytesType.EncodeBytes(StrictUtf8.GetBytes(s)) : throw WrongValue(value, "a string");

    internal override object? Decode(ReadOnlySpan<byte> data)
    {
        try
        {
            return StrictUtf8.GetString(AbiBytesType.DecodeBytes(data));
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException("ABI string is not valid UTF-8.", e);
        }
    }
}
