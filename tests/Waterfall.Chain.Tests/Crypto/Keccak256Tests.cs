using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Waterfall.Chain.Crypto;

namespace Waterfall.Chain.Tests.Crypto;

public class Keccak256Tests
{
    [Fact]
    public void Hash_of_the_empty_input_is_the_well_known_keccak256_constant() =>
        Assert.Equal(
            "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
            Keccak256.Hash([]).ToString());

    [Fact]
    public void Hash_of_abc_matches_the_keccak256_known_answer() =>
        Assert.Equal(
            "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
            Keccak256.HashUtf8("abc").ToString());

    [Fact]
    public void Hash_uses_keccak_padding_and_so_differs_from_sha3_256()
    {
        var sha3 = new Sha3Digest(256);
        var sha3Output = new byte[32];
        sha3.DoFinal(sha3Output, 0);

        Assert.Equal("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", Convert.ToHexStringLower(sha3Output));
        Assert.NotEqual(sha3Output, Keccak256.Hash([]).ToArray());
    }

    [Fact]
    public void Hashing_parts_equals_hashing_their_concatenation()
    {
        var a = Encoding.UTF8.GetBytes("Transfer(address,");
        var b = Encoding.UTF8.GetBytes("address,uint256)");

        Assert.Equal(Keccak256.Hash([.. a, .. b]), Keccak256.HashConcat(a, b));
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", Keccak256.HashConcat(a, b).ToString());
    }

    [Fact]
    public void Hash_of_more_than_one_rate_block_is_stable()
    {
        // 200 bytes crosses keccak256's 136-byte rate, exercising the absorb loop, not just the padding.
        var input = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();
        var once = Keccak256.Hash(input);
        var inParts = Keccak256.HashConcat(input[..7], input[7..150], input[150..]);

        Assert.Equal(once, inParts);
        Assert.NotEqual(Keccak256.Hash(input[..199]), once);
    }
}
