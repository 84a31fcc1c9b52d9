using System.Numerics;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.TypedData;

/// <summary>
/// The EIP-712 domain. Only the fields that are set take part, in the order the EIP fixes (name, version,
/// chainId, verifyingContract, salt); USDC's domain uses the first four, which is what x402 signs over.
/// </summary>
public sealed record Eip712Domain(
    string? Name = null,
    string? Version = null,
    BigInteger? ChainId = null,
    EthAddress? VerifyingContract = null,
    Bytes32? Salt = null)
{
    private const string TypeName = "EIP712Domain";

    /// <summary>e.g. "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)".</summary>
    public string EncodeType() => Types().EncodeType(TypeName);

    public Bytes32 TypeHash => Types().TypeHash(TypeName);

    /// <summary>domainSeparator = hashStruct(EIP712Domain).</summary>
    public Bytes32 Separator() => Types().HashStruct(TypeName, Values());

    private Eip712Types Types()
    {
        var fields = new List<Eip712Field>();
        if (Name is not null)
            fields.Add(new("string", "name"));
        if (Version is not null)
            fields.Add(new("string", "version"));
        if (ChainId is not null)
            fields.Add(new("uint256", "chainId"));
        if (VerifyingContract is not null)
            fields.Add(new("address", "verifyingContract"));
        if (Salt is not null)
            fields.Add(new("bytes32", "salt"));
        return new Eip712Types(new Dictionary<string, IReadOnlyList<Eip712Field>> { [TypeName] = fields });
    }

    private Dictionary<string, object?> Values()
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (Name is not null)
            values["name"] = Name;
        if (Version is not null)
            values["version"] = Version;
        if (ChainId is { } chainId)
            values["chainId"] = chainId;
        if (VerifyingContract is { } contract)
            values["verifyingContract"] = contract;
        if (Salt is { } salt)
            values["salt"] = salt;
        return values;
    }
}
