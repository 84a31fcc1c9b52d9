using System.Numerics;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.TypedData;

/// <summary>
/// An EIP-3009 authorization as x402's "exact" scheme carries it: the payer (from) lets anyone holding
/// the signature move value to payTo (to) once, within (validAfter, validBefore), identified by a random
/// 32-byte nonce that the token marks as used.
/// </summary>
public sealed record Eip3009Authorization(
    EthAddress From,
    EthAddress To,
    BigInteger Value,
    BigInteger ValidAfter,
    BigInteger ValidBefore,
    Bytes32 Nonce)
{
    private const string Fields =
        "(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)";

    public static Eip712Types Types { get; } = Eip712Types.Parse(
        nameof(Eip3009Kind.TransferWithAuthorization) + Fields + nameof(Eip3009Kind.ReceiveWithAuthorization) + Fields);

    public static string TypeName(Eip3009Kind kind) => kind switch
    {
        Eip3009Kind.TransferWithAuthorization => nameof(Eip3009Kind.TransferWithAuthorization),
        Eip3009Kind.ReceiveWithAuthorization => nameof(Eip3009Kind.ReceiveWithAuthorization),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static Bytes32 TypeHash(Eip3009Kind kind) => Types.TypeHash(TypeName(kind));

    public Bytes32 StructHash(Eip3009Kind kind = Eip3009Kind.TransferWithAuthorization) =>
        Types.HashStruct(TypeName(kind), ToMessage());

    public Bytes32 Digest(Eip712Domain domain, Eip3009Kind kind = Eip3009Kind.TransferWithAuthorization)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return Eip712.Digest(domain.Separator(), StructHash(kind));
    }

    public IReadOnlyDictionary<string, object?> ToMessage() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["from"] = From,
        ["to"] = To,
        ["value"] = Value,
        ["validAfter"] = ValidAfter,
        ["validBefore"] = ValidBefore,
        ["nonce"] = Nonce,
    };
}
