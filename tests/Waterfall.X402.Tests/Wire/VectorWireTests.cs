using System.Text.Json;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.X402.Tests.Support;

namespace Waterfall.X402.Tests.Wire;

/// <summary>The shared vector, produced by the reference stack, read and written by our wire types.</summary>
public sealed class VectorWireTests
{
    [Fact]
    public void The_payment_signature_header_decodes_to_the_vector_payload()
    {
        var decoded = X402Headers.DecodePaymentSignature(X402Vector.Header);

        Assert.Equal(X402Json.Stringify(X402Vector.PaymentPayload), X402Json.Stringify(decoded));
        Assert.Equal(2, decoded.X402Version);
        Assert.Equal("http://127.0.0.1:4021/weather", decoded.Resource!.Url);
        Assert.Equal("eip155:31337", decoded.Accepted.Network);
        var exact = ExactEvmPayload.FromJson(decoded.Payload);
        Assert.Equal(X402Vector.Signature, exact.Signature);
        Assert.Equal(X402Vector.Payer, exact.Authorization.From);
        Assert.Equal("10000", exact.Authorization.Value);
    }

    [Fact]
    public void The_decoded_payload_re_encodes_to_exactly_the_vector_header()
    {
        var decoded = X402Headers.DecodePaymentSignature(X402Vector.Header);

        Assert.Equal(X402Vector.Header, X402Headers.EncodePaymentSignature(decoded));
    }

    [Fact]
    public void A_payload_built_from_typed_parts_encodes_to_exactly_the_vector_header()
    {
        var requirements = X402Wire.ParsePaymentRequirements(X402Vector.Requirements);
        var authorization = X402Vector.PaymentPayload.GetProperty("payload").GetProperty("authorization");
        var payload = PaymentPayload.Create(
            requirements,
            new ExactEvmPayload
            {
                Signature = X402Vector.Signature,
                Authorization = new ExactEvmAuthorization
                {
                    From = authorization.GetProperty("from").GetString()!,
                    To = authorization.GetProperty("to").GetString()!,
                    Value = authorization.GetProperty("value").GetString()!,
                    ValidAfter = authorization.GetProperty("validAfter").GetString()!,
                    ValidBefore = authorization.GetProperty("validBefore").GetString()!,
                    Nonce = authorization.GetProperty("nonce").GetString()!,
                },
            },
            new ResourceInfo { Url = "http://127.0.0.1:4021/weather", Description = "test resource", MimeType = "application/json" });

        Assert.Equal(X402Vector.Header, X402Headers.EncodePaymentSignature(payload));
    }

    [Fact]
    public void Our_payer_signs_the_vector_authorization_into_exactly_the_vector_header()
    {
        var requirements = X402Wire.ParsePaymentRequirements(X402Vector.Requirements);
        var payload = ExactEvmPayer.CreatePaymentPayload(
            requirements,
            EthPrivateKey.FromHex(X402Vector.PayerKey),
            new ResourceInfo { Url = "http://127.0.0.1:4021/weather", Description = "test resource", MimeType = "application/json" },
            nonce: Bytes32.Parse("0xd8e1efcbc53e8e486c2516f932b47b6522b60fe8a8df67e1bdfc13d5daf4f2b5"),
            validAfter: 0,
            validBefore: 4102444800);

        Assert.Equal(X402Vector.Header, X402Headers.EncodePaymentSignature(payload));
    }

    [Fact]
    public void The_requirements_keep_the_vector_json_shape_member_for_member()
    {
        var requirements = X402Wire.ParsePaymentRequirements(X402Vector.Requirements);

        Assert.Equal(X402Json.Stringify(X402Vector.Requirements), X402Json.Stringify(requirements));
        Assert.Equal("exact", requirements.Scheme);
        Assert.Equal("10000", requirements.Amount);
        Assert.Equal(60, requirements.MaxTimeoutSeconds);
        Assert.Equal("USD Coin", requirements.ExtraString("name"));
        Assert.Equal("2", requirements.ExtraString("version"));
    }

    [Fact]
    public void The_factory_builds_the_vector_requirements_from_a_configured_network()
    {
        var network = X402Network.FromOptions("local", new X402NetworkOptions
        {
            Network = "eip155:31337",
            RpcUrl = "http://127.0.0.1:8545",
            Asset = X402Vector.Token,
            AssetName = "USD Coin",
            AssetVersion = "2",
        });
        var factory = new PaymentRequirementsFactory(new X402Networks([network]));

        var requirements = factory.Create("eip155:31337", EthAddress.Parse(X402Vector.PayTo), 10_000, maxTimeoutSeconds: 60);

        Assert.Equal(X402Json.Stringify(X402Vector.Requirements), X402Json.Stringify(requirements));
    }

    [Fact]
    public void The_vector_payload_members_appear_in_the_order_the_reference_wrote_them()
    {
        var names = X402Vector.PaymentPayload.EnumerateObject().Select(p => p.Name).ToArray();
        var ours = JsonSerializer.SerializeToElement(X402Headers.DecodePaymentSignature(X402Vector.Header), X402Json.Options)
            .EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Equal(names, ours);
    }
}
