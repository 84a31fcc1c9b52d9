using System.Text;
using Waterfall.X402.Tests.Support;

namespace Waterfall.X402.Tests.Wire;

public sealed class HeaderCodecTests
{
    [Fact]
    public void A_header_that_is_not_base64_is_refused_with_the_reference_reason()
    {
        var error = Assert.Throws<X402HeaderException>(() => X402Headers.DecodePaymentSignature("not base64!"));

        Assert.Equal(X402Headers.PaymentSignature, error.Header);
        Assert.Equal("Invalid payment signature header", error.Reason);
        Assert.StartsWith("Invalid payment signature header: not base64", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abcde=")] // '=' where the length is not a multiple of 4: atob refuses it
    [InlineData("abcde")] // 4n+1 characters cannot be base64
    [InlineData("ab===")] // more padding than base64 has
    [InlineData("ab=c")] // padding in the middle
    [InlineData("ab cd")] // whitespace: the reference's pattern refuses it before atob sees it
    public void Base64_the_reference_refuses_is_refused(string header)
    {
        var error = Assert.Throws<X402HeaderException>(() => X402Headers.DecodePaymentSignature(header));

        Assert.Equal("Invalid payment signature header", error.Reason);
    }

    [Fact]
    public void Base64_of_something_that_is_not_json_is_refused_with_the_reference_reason_and_says_so()
    {
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"x402Version\":2,"));

        var error = Assert.Throws<X402HeaderException>(() => X402Headers.DecodePaymentSignature(header));

        Assert.Equal("Invalid payment signature header", error.Reason);
        Assert.Contains("not JSON", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_that_is_not_a_payment_payload_is_refused_naming_the_member()
    {
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"x402Version\":2,\"accepted\":{\"scheme\":\"exact\"},\"payload\":{}}"));

        var error = Assert.Throws<X402HeaderException>(() => X402Headers.DecodePaymentSignature(header));

        Assert.Equal("Invalid payment signature header", error.Reason);
        Assert.Contains("accepted", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v2_payload_must_name_a_caip2_network()
    {
        var json = X402Json.Stringify(X402Vector.PaymentPayload).Replace("\"eip155:31337\"", "\"base\"", StringComparison.Ordinal);
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

        var error = Assert.Throws<X402HeaderException>(() => X402Headers.DecodePaymentSignature(header));

        Assert.Contains("CAIP-2", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_its_padding_decodes_as_atob_decodes_it()
    {
        var unpadded = X402Vector.Header.TrimEnd('=');

        var decoded = X402Headers.DecodePaymentSignature(unpadded);

        Assert.Equal(X402Vector.Header, X402Headers.EncodePaymentSignature(decoded));
    }

    [Fact]
    public void Unused_trailing_bits_are_ignored_as_atob_ignores_them()
    {
        // "e30" is "{}" base64 without padding; "e31" differs only in bits beyond the last byte.
        Assert.Equal("{}", Encoding.UTF8.GetString(X402Headers.ForgivingBase64Decode("e31")!));
        Assert.Equal("{}", Encoding.UTF8.GetString(X402Headers.ForgivingBase64Decode("e30=")!));
    }

    [Fact]
    public void A_leading_byte_order_mark_is_dropped_as_the_reference_text_decoder_drops_it()
    {
        var header = Convert.ToBase64String([0xEF, 0xBB, 0xBF, .. Convert.FromBase64String(X402Vector.Header)]);

        var decoded = X402Headers.DecodePaymentSignature(header);

        Assert.Equal(X402Vector.Header, X402Headers.EncodePaymentSignature(decoded));
    }

    [Fact]
    public void Payment_required_round_trips_through_its_header()
    {
        var requirements = X402Wire.ParsePaymentRequirements(X402Vector.Requirements);
        var required = PaymentRequirementsFactory.PaymentRequired(
            new ResourceInfo { Url = "https://api.example.com/premium-data", Description = "Access to premium market data", MimeType = "application/json" },
            [requirements]);

        var header = X402Headers.EncodePaymentRequired(required);
        var decoded = X402Headers.DecodePaymentRequired(header);

        Assert.Equal(header, X402Headers.EncodePaymentRequired(decoded));
        Assert.Equal("Payment required", decoded.Error);
        Assert.Equal(
            "{\"x402Version\":2,\"error\":\"Payment required\",\"resource\":{\"url\":\"https://api.example.com/premium-data\",\"description\":\"Access to premium market data\",\"mimeType\":\"application/json\"},\"accepts\":[" +
            X402Json.Stringify(X402Vector.Requirements) + "]}",
            Encoding.UTF8.GetString(Convert.FromBase64String(header)));
    }

    [Fact]
    public void A_malformed_payment_required_header_is_refused_with_its_own_reference_reason()
    {
        var error = Assert.Throws<X402HeaderException>(() => X402Headers.DecodePaymentRequired("%%%"));

        Assert.Equal("Invalid payment required header", error.Reason);
    }

    [Fact]
    public void A_settlement_receipt_round_trips_through_payment_response_and_leaves_out_what_is_absent()
    {
        var receipt = SettleResponse.Succeeded("0x" + new string('a', 64), "eip155:8453", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

        var header = X402Headers.EncodePaymentResponse(receipt);

        Assert.Equal(
            "{\"success\":true,\"payer\":\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\",\"transaction\":\"0x" + new string('a', 64) + "\",\"network\":\"eip155:8453\"}",
            Encoding.UTF8.GetString(Convert.FromBase64String(header)));
        Assert.Equal(receipt, X402Headers.DecodePaymentResponse(header));
        Assert.Equal(receipt, X402Headers.DecodeXPaymentResponse(X402Headers.EncodeXPaymentResponse(receipt)));
        Assert.Equal("Invalid payment response header", Assert.Throws<X402HeaderException>(() => X402Headers.DecodePaymentResponse("!")).Reason);
    }
}
