using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rlp;

namespace Waterfall.Chain.Transactions;

/// <summary>
/// A signed EIP-1559 transaction: what eth_sendRawTransaction takes. Its hash is known before sending,
/// so a settlement can be recorded (and later looked up) even if the send call itself times out.
/// </summary>
public sealed class SignedEip1559Transaction
{
    public SignedEip1559Transaction(Eip1559Transaction transaction, EthSignature signature)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(signature);
        Transaction = transaction;
        Signature = signature;
    }

    public Eip1559Transaction Transaction { get; }

    public EthSignature Signature { get; }

    /// <summary>0x02 ‖ rlp([…the nine signed fields…, yParity, r, s]); r and s as minimal integers.</summary>
    public byte[] Encode()
    {
        var fields = Transaction.Fields();
        fields.Add(RlpString.FromInteger(Signature.YParity));
        fields.Add(RlpString.FromInteger(Signature.R.ToUInt256()));
        fields.Add(RlpString.FromInteger(Signature.S.ToUInt256()));
        return Eip1559Transaction.WithTypePrefix(RlpEncoder.Encode(new RlpList(fields)));
    }

    public string ToRawHex() => Hex.Encode(Encode());

    /// <summary>The transaction hash nodes and explorers use: keccak256 of the raw typed envelope.</summary>
    public Bytes32 Hash => Keccak256.Hash(Encode());

    /// <summary>The sender, recovered from the signature over the signing hash.</summary>
    public EthAddress RecoverSender() => EcRecover.RecoverAddress(Transaction.SigningHash(), Signature);

    /// <summary>Parses a raw type-2 transaction strictly (canonical RLP, exactly 12 fields, low-s).</summary>
    public static SignedEip1559Transaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty || raw[0] != Eip1559Transaction.TransactionType)
            throw new FormatException("Not an EIP-1559 transaction (type byte 0x02 expected).");
        if (RlpDecoder.Decode(raw[1..]) is not RlpList { Count: 12 } list)
            throw new FormatException("An EIP-1559 transaction is an RLP list of 12 fields.");
        var to = Bytes(list[5]);
        if (to.Length is not (0 or EthAddress.Length))
            throw new FormatException("Transaction 'to' is neither empty nor 20 bytes.");
        var transaction = new Eip1559Transaction
        {
            ChainId = Str(list[0]).ToUInt64(),
            Nonce = Str(list[1]).ToUInt64(),
            MaxPriorityFeePerGas = Str(list[2]).ToInteger(),
            MaxFeePerGas = Str(list[3]).ToInteger(),
            GasLimit = Str(list[4]).ToUInt64(),
            To = to.Length == 0 ? null : new EthAddress(to),
            Value = Str(list[6]).ToInteger(),
            Data = Bytes(list[7]),
            AccessList = AccessList(list[8]),
        };
        var yParity = Str(list[9]).ToInteger();
        if (yParity > 1)
            throw new FormatException("Transaction yParity must be 0 or 1.");
        try
        {
            var signature = new EthSignature(
                Bytes32.FromUInt256(Str(list[10]).ToInteger()),
                Bytes32.FromUInt256(Str(list[11]).ToInteger()),
                (int)yParity);
            return new SignedEip1559Transaction(transaction, signature);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Transaction signature is invalid: {e.Message}", e);
        }
    }

    public static SignedEip1559Transaction Decode(string rawHex) => Decode(Hex.Decode(rawHex));

    private static RlpString Str(RlpItem item) =>
        item as RlpString ?? throw new FormatException("Expected an RLP string in the transaction.");

    private static byte[] Bytes(RlpItem item) => Str(item).Bytes.ToArray();

    private static AccessListEntry[] AccessList(RlpItem item)
    {
        if (item is not RlpList entries)
            throw new FormatException("The access list must be an RLP list.");
        return entries.Items.Select(entry =>
        {
            if (entry is not RlpList { Count: 2 } pair || pair[1] is not RlpList keys)
                throw new FormatException("An access list entry is [address, [storageKeys…]].");
            var address = Bytes(pair[0]);
            if (address.Length != EthAddress.Length)
                throw new FormatException("An access list address must be 20 bytes.");
            return new AccessListEntry(
                new EthAddress(address),
                keys.Items.Select(key =>
                {
                    var bytes = Bytes(key);
                    return bytes.Length == Bytes32.Length ? new Bytes32(bytes) : throw new FormatException("A storage key must be 32 bytes.");
                }).ToArray());
        }).ToArray();
    }
}
