using System.Security.Cryptography;

namespace Waterfall.Grains.Tests;

/// <summary>Random 0x-prefixed hex of a given length in bytes: addresses (20), nonces and hashes (32).</summary>
internal static class TestHex
{
    public static string New(int bytes) => "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
