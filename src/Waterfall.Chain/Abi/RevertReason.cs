using System.Numerics;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Abi;

/// <summary>
/// Decodes the two revert payloads Solidity emits itself: Error(string) from require/revert with a
/// message, and Panic(uint256) from assert, overflow and the like. Custom errors are left to callers.
/// </summary>
public static class RevertReason
{
    private static readonly AbiFunction Error = AbiFunction.Parse("Error(string)");
    private static readonly AbiFunction Panic = AbiFunction.Parse("Panic(uint256)");

    /// <summary>A human-readable reason, or null when the data is neither Error(string) nor Panic(uint256).</summary>
    public static string? TryDecode(ReadOnlySpan<byte> revertData)
    {
        if (revertData.Length < 4)
            return null;
        try
        {
            if (revertData[..4].SequenceEqual(Error.Selector))
                return (string?)Error.DecodeCall(revertData)[0];
            if (revertData[..4].SequenceEqual(Panic.Selector))
                return $"Panic({Hex.EncodeQuantity((BigInteger)Panic.DecodeCall(revertData)[0]!)})";
        }
        catch (FormatException)
        {
            // Malformed payload: report no reason rather than fail the caller who is already handling an error.
        }
        return null;
    }
}
