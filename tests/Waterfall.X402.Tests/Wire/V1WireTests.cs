using System.Text;
using System.Text.Json;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.X402.Tests.Support;

namespace Waterfall.X402.Tests.Wire;

public sealed class V1WireTests
{
    private static readonly X402Networks Networks = new([X402Network.BaseSepolia]);

    [Fact]
    public void An_x_payment_header_round_trips_byte_for_byte()
    {
        var requirements = new PaymentRequirementsFactory(Networks).CreateV1(
            "base-sepolia", EthAddress.Parse(X402Vector.PayTo), 10_000, "https://api.example.com/weather", "weather", "application/json", 60);
        var payload = ExactEvmPayer.CreatePaymentPayloadV1(requirements, EthPrivateKey.FromHex(X402Vector.PayerKey), Networks);

        var header = X402Headers.EncodeXPayment(payload);
        var decoded = X402Headers.DecodeXPayment(header);

        Assert.Equal(header, X402Headers.EncodeXPayment(decoded));
        Assert.Equal("base-sepolia", decoded.Network);
        Assert.Equal("exact", decoded.Scheme);
        Assert.Equal(1, decoded.X402Version);
    }

    [Fact]
    public void A_v1_payload_has_the_reference_shape()
    {
        var payload = PaymentPayloadV1.Create("base", new ExactEvmPayload
        {
            Signature = "0x01",
            Authorization = new ExactEvmAuthorization { From = "0xa", To = "0xb", Value = "1", ValidAfter = "2", ValidBefore = "3", Nonce = "0x04" },
        });

        Assert.Equal(
            "{\"x402Version\":1,\"scheme\":\"exact\",\"network\":\"base\",\"payload\":{\"signature\":\"0x01\",\"authorization\":{\"from\":\"0xa\",\"to\":\"0xb\",\"value\":\"1\",\"validAfter\":\"2\",\"validBefore\":\"3\",\"nonce\":\"0x04\"}}}",
            Encoding.UTF8.GetString(Convert.FromBase64String(X402Headers.EncodeXPayment(payload))));
    }

    [Fact]
    public void V1_requirements_have_the_reference_shape()
    {
        var requirements = new PaymentRequirementsFactory(Networks).CreateV1(
            "eip155:84532", EthAddress.Parse(X402Vector.PayTo), 10_000, "https://api.example.com/weather", "weather", "application/json", 60);

        Assert.Equal(
            "{\"scheme\":\"exact\",\"network\":\"base-sepolia\",\"maxAmountRequired\":\"10000\",\"resource\":\"https://api.example.com/weather\",\"description\":\"weather\",\"mimeType\":\"application/json\",\"payTo\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"maxTimeoutSeconds\":60,\"asset\":\"0x036CbD53842c5426634e7929541eC2318f3dCF7e\",\"extra\":{\"name\":\"USDC\",\"version\":\"2\"}}",
            X402Json.Stringify(requirements));
    }

    [Fact]
    public void A_v2_payload_is_not_a_v1_payload()
    {
        var error = Assert.Throws<X402HeaderException>(() => X402Headers.DecodeXPayment(X402Vector.Header));

        Assert.Equal("Invalid payment signature header", error.Reason);
        Assert.Contains("x402Version", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v1_payment_required_body_parses_with_its_accepts()
    {
        var requirements = new PaymentRequirementsFactory(Networks).CreateV1(
            "base-sepolia", EthAddress.Parse(X402Vector.PayTo), 10_000, "https://api.example.com/weather");
        var body = X402Json.Stringify(new PaymentRequiredV1 { Error = "X-PAYMENT header is required", Accepts = [requirements] });

        using var document = JsonDocument.Parse(body);
        var parsed = X402Wire.ParsePaymentRequiredV1(document.RootElement);

        Assert.Equal(body, X402Json.Stringify(parsed));
    }
}
