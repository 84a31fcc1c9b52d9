using System.Numerics;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.TypedData;

/// <summary>
/// An EIP-2612 permit: the owner lets the spender move up to value of the token (an allowance, spent with
/// transferFrom) until the deadline, signed over the owner's current permit nonce (a counter the token keeps).
/// </summary>
public sealed record Eip2612Permit(EthAddress Owner, EthAddress Spender, BigInteger Value, BigInteger Nonce, BigInteger Deadline)
{
    public const string TypeName = "Permit";

    public static Eip712Types Types { get; } =
        Eip712Types.Parse("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    public static Bytes32 TypeHash => Types.TypeHash(TypeName);

    public Bytes32 StructHash() => Types.HashStruct(TypeName, ToMessage());

    public Bytes32 Digest(Eip712Domain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return Eip712.Digest(domain.Separator(), StructHash());
    }

    public IReadOnlyDictionary<string, object?> ToMessage() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["owner"] = Owner,
        ["spender"] = Spender,
        ["value"] = Value,
        ["nonce"] = Nonce,
        ["deadline"] = Deadline,
    };
}
