using Waterfall.Chain.Abi;

namespace Waterfall.X402;

/// <summary>The token (USDC, FiatToken v2.2 surface) and wallet functions the exact scheme calls.</summary>
internal static class Eip3009Token
{
    /// <summary>transferWithAuthorization(…, uint8 v, bytes32 r, bytes32 s), selector 0xe3ee160e: for 65-byte EOA signatures.</summary>
    public static readonly AbiFunction TransferWithAuthorizationVrs = AbiFunction.Parse(
        "transferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce,uint8 v,bytes32 r,bytes32 s)");

    /// <summary>transferWithAuthorization(…, bytes signature), selector 0xcf092995: for anything else (ERC-1271 wallets).</summary>
    public static readonly AbiFunction TransferWithAuthorizationBytes = AbiFunction.Parse(
        "transferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce,bytes signature)");

    public static readonly AbiFunction BalanceOf = AbiFunction.Parse("balanceOf(address account) returns (uint256)");

    public static readonly AbiFunction Name = AbiFunction.Parse("name() returns (string)");

    public static readonly AbiFunction Version = AbiFunction.Parse("version() returns (string)");

    public static readonly AbiFunction AuthorizationState = AbiFunction.Parse("authorizationState(address authorizer,bytes32 nonce) returns (bool)");

    /// <summary>ERC-1271: a contract wallet answers 0x1626ba7e for a signature it accepts.</summary>
    public static readonly AbiFunction IsValidSignature = AbiFunction.Parse("isValidSignature(bytes32 hash,bytes signature) returns (bytes4)");

    public static ReadOnlySpan<byte> Erc1271MagicValue => [0x16, 0x26, 0xba, 0x7e];

    public static readonly AbiEvent Transfer = AbiEvent.Parse("Transfer(address indexed from,address indexed to,uint256 value)");
}
