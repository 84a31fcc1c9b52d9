using System.Text.Json;

namespace Waterfall.X402.Tests.Wire;

/// <summary>Our compact JSON must be JSON.stringify's, or headers would differ from the reference's byte for byte.</summary>
public sealed class JavaScriptJsonTests
{
    [Theory]
    [InlineData("\"plain\"", "\"plain\"")]
    [InlineData("\"<a href='x'>&amp;</a>\"", "\"<a href='x'>&amp;</a>\"")] // no HTML escaping
    [InlineData("\"caf\\u00e9 \\u2603 \\ud83d\\ude00\"", "\"café ☃ 😀\"")] // non-ASCII literally
    [InlineData("\"tab\\tnew\\nline\\r\\b\\f\"", "\"tab\\tnew\\nline\\r\\b\\f\"")]
    [InlineData("\"\\u0001\\u001F\\u007f\"", "\"\\u0001\\u001f\u007f\"")] // lowercase hex, DEL literally
    [InlineData("\"quote \\\" backslash \\\\ slash \\/\"", "\"quote \\\" backslash \\\\ slash /\"")]
    [InlineData("\"\\u2028\\u2029\"", "\"\u2028\u2029\"")]
    public void Strings_are_escaped_as_json_stringify_escapes_them(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, X402Json.Stringify(document.RootElement));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("60", "60")]
    [InlineData("1.50", "1.5")]
    [InlineData("1e3", "1000")]
    [InlineData("1E-7", "1e-7")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("123456789012345678901", "123456789012345680000")]
    [InlineData("1e21", "1e+21")]
    [InlineData("-2.5e-3", "-0.0025")]
    [InlineData("9007199254740993", "9007199254740992")]
    public void Numbers_print_as_javascript_prints_them(string raw, string expected)
    {
        Assert.Equal(expected, X402Json.JavaScriptNumber(raw));
    }

    [Fact]
    public void Objects_and_arrays_are_compact_and_keep_member_order()
    {
        using var document = JsonDocument.Parse("{ \"b\" : [ 1 , true, null, { } ], \"a\" : \"x\" }");

        Assert.Equal("{\"b\":[1,true,null,{}],\"a\":\"x\"}", X402Json.Stringify(document.RootElement));
    }
}
