using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rlp;
using Waterfall.Chain.Tests.Support;
using Waterfall.Chain.Transactions;
using Waterfall.ChainTestSupport;

namespace Waterfall.Chain.Tests.Transactions;

public class Eip1559TransactionTests
{
    /// <summary>
    /// 1 ETH from anvil #0 to #1 at nonce 0 on chain 31337. The expected bytes were checked by sending
    /// them to a fresh anvil 1.7.1, which accepted the transaction from account #0 and reported this
    /// same hash; AnvilChainTests repeats that check on every run.
    /// </summary>
    public static Eip1559Transaction KnownVectorTransaction => new()
    {
        ChainId = 31337,
        Nonce = 0,
        MaxPriorityFeePerGas = 1_000_000_000,
        MaxFeePerGas = 3_000_000_000,
        GasLimit = 21_000,
        To = AnvilAccounts.Account1,
        Value = BigInteger.Pow(10, 18),
    };

    public const string KnownVectorRaw =
        "0x02f874827a6980843b9aca0084b2d05e008252089470997970c51812dc3a010c7d01b50e0d17dc79c8880de0b6b3a764000080c001a0327b671398e480b9ae2a3b89650723c01d64f3dff2d3acfc13a13a6c0ee30da2a01381fa02803f87cc7ec266fff399d884f155d2cf803912fecccf8a867c3b7b35";

    public const string KnownVectorHash = "0x21f97614e3117d6e9083ba46b8b2be20c428008e5f6801adcc19fc00741833a6";

    private static readonly EthSigner Account0 = new(AnvilAccounts.Account0Key);

    [Fact]
    public void Signing_the_known_transaction_gives_the_raw_bytes_the_node_accepted()
    {
        var signed = KnownVectorTransaction.Sign(Account0);

        Assert.Equal(KnownVectorRaw, signed.ToRawHex());
        Assert.Equal(KnownVectorHash, signed.Hash.ToString());
        Assert.Equal(1, signed.Signature.YParity);
    }

    [Fact]
    public void The_signing_payload_is_the_type_byte_then_the_rlp_of_the_nine_fields()
    {
        var payload = KnownVectorTransaction.EncodeForSigning();

        Assert.Equal(0x02, payload[0]);
        var fields = Assert.IsType<RlpList>(RlpDecoder.Decode(payload.AsSpan(1)));
        Assert.Equal(9, fields.Count);
        Assert.Equal(new BigInteger(31337), ((RlpString)fields[0]).ToInteger());
        Assert.Equal(0, ((RlpString)fields[1]).Bytes.Length); // nonce 0 is the empty string, not 0x00
        Assert.Equal(AnvilAccounts.Account1.ToArray(), ((RlpString)fields[5]).Bytes.ToArray());
        Assert.Equal(Keccak256.Hash(payload), KnownVectorTransaction.SigningHash());
    }

    [Fact]
    public void Decoding_the_known_raw_transaction_gives_back_its_fields_and_sender()
    {
        var decoded = SignedEip1559Transaction.Decode(KnownVectorRaw);

        Assert.Equal(31337UL, decoded.Transaction.ChainId);
        Assert.Equal(21_000UL, decoded.Transaction.GasLimit);
        Assert.Equal(BigInteger.Pow(10, 18), decoded.Transaction.Value);
        Assert.Equal(AnvilAccounts.Account1, decoded.Transaction.To);
        Assert.Equal(AnvilAccounts.Account0, decoded.RecoverSender());
        Assert.Equal(KnownVectorHash, decoded.Hash.ToString());
    }

    [Fact]
    public void A_contract_creation_has_an_empty_to_field()
    {
        var creation = new Eip1559Transaction
        {
            ChainId = 1, Nonce = 3, MaxPriorityFeePerGas = 1, MaxFeePerGas = 2, GasLimit = 100_000,
            To = null, Data = new byte[] { 0x60, 0x00 },
        };

        var fields = (RlpList)RlpDecoder.Decode(creation.EncodeForSigning().AsSpan(1));
        var decoded = SignedEip1559Transaction.Decode(creation.Sign(Account0).Encode());

        Assert.Equal(0, ((RlpString)fields[5]).Bytes.Length);
        Assert.Null(decoded.Transaction.To);
        Assert.Equal(new byte[] { 0x60, 0x00 }, decoded.Transaction.Data.ToArray());
    }

    [Fact]
    public void An_access_list_survives_encoding_and_changes_the_hash()
    {
        var key = Bytes32.FromUInt256(7);
        var withList = new Eip1559Transaction
        {
            ChainId = 1, Nonce = 0, MaxPriorityFeePerGas = 1, MaxFeePerGas = 2, GasLimit = 50_000, To = AnvilAccounts.Account1,
            AccessList = [new AccessListEntry(AnvilAccounts.FirstDeployment, [key])],
        };
        var without = new Eip1559Transaction
        {
            ChainId = 1, Nonce = 0, MaxPriorityFeePerGas = 1, MaxFeePerGas = 2, GasLimit = 50_000, To = AnvilAccounts.Account1,
        };

        var decoded = SignedEip1559Transaction.Decode(withList.Sign(Account0).Encode());

        var entry = Assert.Single(decoded.Transaction.AccessList);
        Assert.Equal(AnvilAccounts.FirstDeployment, entry.Address);
        Assert.Equal(key, Assert.Single(entry.StorageKeys));
        Assert.NotEqual(without.SigningHash(), withList.SigningHash());
    }

    [Fact]
    public void A_priority_fee_above_the_max_fee_is_refused_before_signing() =>
        Assert.Throws<InvalidOperationException>(() => new Eip1559Transaction
        {
            ChainId = 1, Nonce = 0, MaxPriorityFeePerGas = 3, MaxFeePerGas = 2, GasLimit = 21_000, To = AnvilAccounts.Account1,
        }.Sign(Account0));

    [Theory]
    [InlineData("0x01")]                       // another transaction type
    [InlineData("0x02c0")]                     // empty field list
    [InlineData("0xf874")]                     // legacy-looking, no type byte
    public void Raw_bytes_that_are_not_a_type_2_transaction_are_rejected(string hex) =>
        Assert.Throws<FormatException>(() => SignedEip1559Transaction.Decode(hex));

    [Fact]
    public void A_raw_transaction_with_a_high_s_signature_is_rejected()
    {
        var signed = SignedEip1559Transaction.Decode(KnownVectorRaw);
        var n = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);
        var fields = signed.Transaction.Fields();
        fields.Add(RlpString.FromInteger(0));
        fields.Add(RlpString.FromInteger(signed.Signature.R.ToUInt256()));
        fields.Add(RlpString.FromInteger(n - signed.Signature.S.ToUInt256()));
        var raw = new byte[] { 0x02 }.Concat(RlpEncoder.Encode(new RlpList(fields))).ToArray();

        var e = Assert.Throws<FormatException>(() => SignedEip1559Transaction.Decode(raw));
        Assert.Contains("high", e.Message);
    }

    private static readonly Gen<Eip1559Transaction> Transactions =
        Gen.Select(
            Gen.Select(Gen.ULong, Gen.ULong, Gen.ULong[0, 1_000_000_000_000], Gen.ULong[0, 1_000_000_000_000], Gen.ULong[21_000, 30_000_000]),
            Gen.Select(Gen.Bool, Gen.Byte.Array[20], Gen.Byte.Array[0, 32], Gen.Byte.Array[0, 200]),
            (numbers, rest) =>
            {
                var (chainId, nonce, a, b, gas) = numbers;
                var (create, to, value, data) = rest;
                return new Eip1559Transaction
                {
                    ChainId = chainId,
                    Nonce = nonce,
                    MaxPriorityFeePerGas = Math.Min(a, b),
                    MaxFeePerGas = Math.Max(a, b),
                    GasLimit = gas,
                    To = create ? null : new EthAddress(to),
                    Value = new BigInteger(value, isUnsigned: true, isBigEndian: true),
                    Data = data,
                };
            });

    [Fact]
    public void Any_signed_transaction_decodes_to_the_same_fields_and_the_same_sender() =>
        Check.Sample(Transactions, tx =>
        {
            var signed = tx.Sign(Account0);

            var decoded = SignedEip1559Transaction.Decode(signed.Encode());

            Assert.Equal(signed.ToRawHex(), decoded.ToRawHex());
            Assert.Equal(tx.SigningHash(), decoded.Transaction.SigningHash());
            Assert.Equal(tx.Value, decoded.Transaction.Value);
            Assert.Equal(tx.To, decoded.Transaction.To);
            Assert.Equal(AnvilAccounts.Account0, decoded.RecoverSender());
        }, iter: 100);
}
