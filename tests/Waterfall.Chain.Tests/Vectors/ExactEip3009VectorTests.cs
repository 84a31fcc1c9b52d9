using System.Numerics;
using System.Text.Json;
using Waterfall.Chain.Abi;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Tests.Support;
using Waterfall.Chain.TypedData;
using Waterfall.ChainTestSupport;

namespace Waterfall.Chain.Tests.Vectors;

/// <summary>
/// Reproduces every intermediate value of shared/testvectors/x402/exact-eip3009-v2.txt (made with the
/// reference @x402/evm + viem stack) from the inputs in exact-eip3009-v2.json, byte for byte.
/// </summary>
public class ExactEip3009VectorTests
{
    private readonly IReadOnlyDictionary<string, string> _expected = X402Vectors.ExactEip3009Text();

    private readonly Eip712Domain _domain;

    private readonly Eip3009Authorization _authorization;

    public ExactEip3009VectorTests()
    {
        using var json = X402Vectors.ExactEip3009Json();
        var requirements = json.RootElement.GetProperty("requirements");
        var authorization = json.RootElement.GetProperty("paymentPayload").GetProperty("payload").GetProperty("authorization");
        var network = requirements.GetProperty("network").GetString()!;
        Assert.StartsWith("eip155:", network);

        // The domain comes from what a server advertises: extra.name/version, the CAIP-2 chain, and the asset.
        _domain = new Eip712Domain(
            Name: requirements.GetProperty("extra").GetProperty("name").GetString(),
            Version: requirements.GetProperty("extra").GetProperty("version").GetString(),
            ChainId: BigInteger.Parse(network["eip155:".Length..], System.Globalization.CultureInfo.InvariantCulture),
            VerifyingContract: EthAddress.Parse(requirements.GetProperty("asset").GetString()!));
        _authorization = new Eip3009Authorization(
            From: EthAddress.Parse(String(authorization, "from")),
            To: EthAddress.Parse(String(authorization, "to")),
            Value: BigInteger.Parse(String(authorization, "value"), System.Globalization.CultureInfo.InvariantCulture),
            ValidAfter: BigInteger.Parse(String(authorization, "validAfter"), System.Globalization.CultureInfo.InvariantCulture),
            ValidBefore: BigInteger.Parse(String(authorization, "validBefore"), System.Globalization.CultureInfo.InvariantCulture),
            Nonce: Bytes32.Parse(String(authorization, "nonce")));
    }

    private static string String(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    private EthSignature Sign() => new EthSigner(AnvilAccounts.Account0Key).SignDigest(_authorization.Digest(_domain));

    [Fact]
    public void The_domain_is_the_one_the_vector_lists()
    {
        using var domain = JsonDocument.Parse(_expected.Value("domain"));

        Assert.Equal(domain.RootElement.GetProperty("name").GetString(), _domain.Name);
        Assert.Equal(domain.RootElement.GetProperty("version").GetString(), _domain.Version);
        Assert.Equal(new BigInteger(domain.RootElement.GetProperty("chainId").GetInt64()), _domain.ChainId);
        Assert.Equal(EthAddress.Parse(domain.RootElement.GetProperty("verifyingContract").GetString()!), _domain.VerifyingContract);
    }

    [Fact]
    public void The_eip712_domain_type_hash_matches() =>
        Assert.Equal(_expected.Value("EIP712Domain typehash"), _domain.TypeHash.ToString());

    [Fact]
    public void The_transfer_with_authorization_type_hash_matches() =>
        Assert.Equal(_expected.Value("TWA typehash"), Eip3009Authorization.TypeHash(Eip3009Kind.TransferWithAuthorization).ToString());

    [Fact]
    public void The_domain_separator_matches() =>
        Assert.Equal(_expected.Value("domainSeparator"), _domain.Separator().ToString());

    [Fact]
    public void The_struct_hash_matches() =>
        Assert.Equal(_expected.Value("structHash"), _authorization.StructHash().ToString());

    [Fact]
    public void The_digest_matches_viem_the_manual_0x1901_construction_and_the_json()
    {
        using var json = X402Vectors.ExactEip3009Json();
        var digest = _authorization.Digest(_domain).ToString();

        Assert.Equal(_expected.Value("digest (viem)"), digest);
        Assert.Equal(_expected.Value("digest (manual 0x1901)"), digest);
        Assert.Equal(json.RootElement.GetProperty("digest").GetString(), digest);
        Assert.Equal(digest, Eip712.Digest(_domain, Eip3009Authorization.Types, "TransferWithAuthorization", _authorization.ToMessage()).ToString());
    }

    [Fact]
    public void Deterministic_signing_with_the_payer_key_reproduces_the_signature_exactly()
    {
        using var json = X402Vectors.ExactEip3009Json();

        var signature = Sign();

        Assert.Equal(_expected.Value("signature"), signature.ToHex());
        Assert.Equal(json.RootElement.GetProperty("signature").GetString(), signature.ToHex());
        Assert.Equal(
            json.RootElement.GetProperty("paymentPayload").GetProperty("payload").GetProperty("signature").GetString(),
            signature.ToHex());
    }

    [Fact]
    public void The_signature_components_r_s_v_and_y_parity_match()
    {
        var signature = Sign();
        var vAndParity = _expected.Value("v / yParity").Split('/', StringSplitOptions.TrimEntries);

        Assert.Equal(_expected.Value("r"), signature.R.ToString());
        Assert.Equal(_expected.Value("s"), signature.S.ToString());
        Assert.Equal(vAndParity[0], signature.V.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(vAndParity[1], signature.YParity.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_signer_recovered_from_the_vector_signature_is_the_payer()
    {
        var digest = Bytes32.Parse(_expected.Value("digest (viem)"));
        var signature = EthSignature.Parse(_expected.Value("signature"));

        var recovered = EcRecover.RecoverAddress(digest, signature);

        Assert.Equal(_expected.Value("expected signer"), recovered.ToString());
        Assert.Equal(_expected.Value("recovered (typed data)"), recovered.ToString());
        Assert.Equal(_expected.Value("recovered (from digest)"), recovered.ToString());
        Assert.Equal(_authorization.From, recovered);
        Assert.Equal(AnvilAccounts.Account0Key.Address, recovered);
    }

    [Fact]
    public void Both_transfer_with_authorization_selectors_match()
    {
        var vrs = AbiFunction.Parse("transferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce,uint8 v,bytes32 r,bytes32 s)");
        var bytes = AbiFunction.Parse("transferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce,bytes signature)");

        Assert.Equal(_expected.Value("selector v,r,s variant"), vrs.SelectorHex);
        Assert.Equal(_expected.Value("selector bytes variant"), bytes.SelectorHex);
    }

    [Fact]
    public void The_settlement_calldata_with_v_r_s_matches_byte_for_byte()
    {
        var function = AbiFunction.Parse("transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)");
        var signature = Sign();
        var a = _authorization;

        var calldata = function.EncodeCall(a.From, a.To, a.Value, a.ValidAfter, a.ValidBefore, a.Nonce, signature.V, signature.R, signature.S);

        Assert.Equal(_expected.Value("calldata (v,r,s)"), Hex.Encode(calldata));
    }

    [Fact]
    public void The_receive_with_authorization_type_hash_is_usdcs_constant_and_differs_from_transfer()
    {
        Assert.Equal(
            "0xd099cc98ef71107a616c4f0f941f04c322d8e254fe26b3c6668db87aae413de8",
            Eip3009Authorization.TypeHash(Eip3009Kind.ReceiveWithAuthorization).ToString());
        Assert.NotEqual(_authorization.StructHash(Eip3009Kind.TransferWithAuthorization), _authorization.StructHash(Eip3009Kind.ReceiveWithAuthorization));
    }

    [Fact]
    public void Changing_any_signed_field_changes_the_digest()
    {
        var original = _authorization.Digest(_domain);

        Assert.NotEqual(original, (_authorization with { Value = _authorization.Value + 1 }).Digest(_domain));
        Assert.NotEqual(original, (_authorization with { To = _authorization.From }).Digest(_domain));
        Assert.NotEqual(original, (_authorization with { ValidBefore = _authorization.ValidBefore - 1 }).Digest(_domain));
        Assert.NotEqual(original, _authorization.Digest(_domain with { ChainId = 8453 }));
        Assert.NotEqual(original, _authorization.Digest(_domain with { Name = "USDC" }));
    }
}
