using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Tests.Crypto;

public class EthSignatureTests
{
    // The x402 vector's signature (low-s, v = 27).
    private const string VectorSignature =
        "0x7e03595f66e1c35e90dca3a6d0e26c92bcbe8fe7c748762ef34f788f926de127037a83cb6ee00076891cca4fecd44a864568d998bf0a6d480125b9dcf3f555a61b";

    private static readonly BigInteger N =
        BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    [Fact]
    public void Parse_splits_65_bytes_into_r_s_and_v()
    {
        var signature = EthSignature.Parse(VectorSignature);

        Assert.Equal("0x7e03595f66e1c35e90dca3a6d0e26c92bcbe8fe7c748762ef34f788f926de127", signature.R.ToString());
        Assert.Equal("0x037a83cb6ee00076891cca4fecd44a864568d998bf0a6d480125b9dcf3f555a6", signature.S.ToString());
        Assert.Equal(27, signature.V);
        Assert.Equal(0, signature.YParity);
        Assert.Equal(VectorSignature, signature.ToHex());
    }

    [Fact]
    public void A_high_s_signature_is_rejected()
    {
        var lowS = EthSignature.Parse(VectorSignature);
        var highS = Bytes32.FromUInt256(N - lowS.S.ToUInt256());
        var bytes = lowS.ToBytes();
        highS.Span.CopyTo(bytes.AsSpan(32));
        bytes[64] = 28; // the high-s twin flips the parity; it must be rejected all the same

        var e = Assert.Throws<FormatException>(() => EthSignature.FromBytes(bytes));
        Assert.Contains("high", e.Message);
        Assert.Throws<ArgumentException>(() => new EthSignature(lowS.R, highS, 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(26)]
    [InlineData(29)]
    [InlineData(37)]
    public void A_v_other_than_27_or_28_is_rejected(byte v)
    {
        var bytes = EthSignature.Parse(VectorSignature).ToBytes();
        bytes[64] = v;

        var e = Assert.Throws<FormatException>(() => EthSignature.FromBytes(bytes));
        Assert.Contains("v must be 27 or 28", e.Message);
    }

    [Fact]
    public void A_zero_r_or_s_is_rejected()
    {
        var bytes = EthSignature.Parse(VectorSignature).ToBytes();
        var zeroR = (byte[])bytes.Clone();
        Array.Clear(zeroR, 0, 32);
        var zeroS = (byte[])bytes.Clone();
        Array.Clear(zeroS, 32, 32);

        Assert.Throws<FormatException>(() => EthSignature.FromBytes(zeroR));
        Assert.Throws<FormatException>(() => EthSignature.FromBytes(zeroS));
    }

    [Fact]
    public void An_r_at_or_above_the_curve_order_is_rejected() =>
        Assert.Throws<ArgumentException>(() =>
            new EthSignature(Bytes32.FromUInt256(N), EthSignature.Parse(VectorSignature).S, 0));

    [Theory]
    [InlineData(64)]
    [InlineData(66)]
    public void A_signature_that_is_not_65_bytes_is_rejected(int length) =>
        Assert.Throws<FormatException>(() => EthSignature.FromBytes(new byte[length]));

    [Fact]
    public void Signatures_compare_by_value()
    {
        var a = EthSignature.Parse(VectorSignature);
        var b = EthSignature.Parse(VectorSignature);
        var other = new EthSignature(a.R, a.S, 1);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, other);
        Assert.Equal(28, other.V);
    }

    [Fact]
    public void Flipping_the_parity_recovers_a_different_address()
    {
        var digest = Bytes32.Parse("0xeaaeaa247fafc13b3f052543f5574ed6ee1051ca6b892ee300b71b5ac2553ef1");
        var signature = EthSignature.Parse(VectorSignature);
        var flipped = new EthSignature(signature.R, signature.S, 1 - signature.YParity);

        Assert.NotEqual(EcRecover.RecoverAddress(digest, signature), EcRecover.RecoverAddress(digest, flipped));
    }
}
