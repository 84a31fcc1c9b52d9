using System.Numerics;
using System.Text.Json;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.TypedData;
using Waterfall.X402.Contracts;

namespace Waterfall.X402.Contracts.Tests.Support;

/// <summary>
/// The shared x402 vector (exact-eip3009-v2, from @x402/evm + viem): the authorization anvil #0 signed
/// for anvil #1 on the token at 0x5FbD…, and the intermediate values. A missing file or label throws,
/// so a vector test fails rather than passes on nothing.
/// </summary>
public static class ExactVector
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Lines = new(ReadLines);
    private static readonly Lazy<JsonDocument> Json = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "exact-eip3009-v2.json"))));

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "TestData", "x402");

    public static Bytes32 DomainSeparator => Bytes32.Parse(Line("domainSeparator"));

    public static byte[] Signature => Hex.Decode(Json.Value.RootElement.GetProperty("signature").GetString()!);

    public static EthSignature EcdsaSignature => EthSignature.FromBytes(Signature);

    /// <summary>The ABI calldata of transferWithAuthorization(…, v, r, s) the reference stack produced.</summary>
    public static byte[] VrsCalldata => Hex.Decode(Line("calldata (v,r,s)"));

    public static Eip3009Authorization Authorization
    {
        get
        {
            var a = Json.Value.RootElement.GetProperty("paymentPayload").GetProperty("payload").GetProperty("authorization");
            return new Eip3009Authorization(
                EthAddress.Parse(a.GetProperty("from").GetString()!),
                EthAddress.Parse(a.GetProperty("to").GetString()!),
                BigInteger.Parse(a.GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                BigInteger.Parse(a.GetProperty("validAfter").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                BigInteger.Parse(a.GetProperty("validBefore").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                Bytes32.Parse(a.GetProperty("nonce").GetString()!));
        }
    }

    public static SignedEip3009Authorization Signed => new(Authorization, Signature);

    /// <summary>The asset of the payment requirements: where the token must be.</summary>
    public static EthAddress Asset => EthAddress.Parse(Json.Value.RootElement.GetProperty("requirements").GetProperty("asset").GetString()!);

    private static string Line(string label) =>
        Lines.Value.TryGetValue(label, out var value)
            ? value
            : throw new KeyNotFoundException($"exact-eip3009-v2.txt has no line labelled '{label}'.");

    private static Dictionary<string, string> ReadLines()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(Folder, "exact-eip3009-v2.txt")))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0 || line.StartsWith(' ') || line.StartsWith('{') || line.StartsWith('}'))
                continue;
            values[line[..colon].Trim()] = line[(colon + 2)..].Trim();
        }
        return values;
    }
}
