using Waterfall.Chain.Abi;
using Waterfall.X402.Contracts;

namespace Waterfall.X402;

/// <summary>
/// The token functions settlement calls, from the EIP-3009 token's ABI in Waterfall.X402.Contracts
/// (USDC's FiatToken v2.2 surface, so the same calls work on real USDC), plus the ERC-1271 check that
/// contract-wallet payers answer.
/// </summary>
internal static class Eip3009Token
{
    /// <summary>transferWithAuthorization(…, uint8 v, bytes32 r, bytes32 s), selector 0xe3ee160e: for 65-byte EOA signatures.</summary>
    public static AbiFunction TransferWithAuthorizationVrs => Eip3009TokenClient.TransferWithAuthorizationVrs;

    /// <summary>transferWithAuthorization(…, bytes signature), selector 0xcf092995: for anything else (ERC-1271 wallets).</summary>
    public static AbiFunction TransferWithAuthorizationBytes => Eip3009TokenClient.TransferWithAuthorizationBytes;

    public static AbiEvent Transfer => Eip3009TokenClient.TransferEvent;

    /// <summary>ERC-1271: a contract wallet answers 0x1626ba7e for a signature it accepts.</summary>
    public static readonly AbiFunction IsValidSignature = AbiFunction.Parse("isValidSignature(bytes32 hash,bytes signature) returns (bytes4)");

    public static ReadOnlySpan<byte> Erc1271MagicValue => [0x16, 0x26, 0xba, 0x7e];
}
