using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rlp;

namespace Waterfall.Chain.Transactions;

/// <summary>
/// An unsigned EIP-1559 (type 0x02) transaction. Settlement transactions are sent as this type because
/// every chain x402 targets supports it and it lets us cap fees (maxFeePerGas) instead of guessing one price.
/// </summary>
public sealed class Eip1559Transaction
{
    public const byte TransactionType = 0x02;

    public required ulong ChainId { get; init; }

    public required ulong Nonce { get; init; }

    public required BigInteger MaxPriorityFeePerGas { get; init; }

    public required BigInteger MaxFeePerGas { get; init; }

    public required ulong GasLimit { get; init; }

    /// <summary>The recipient; null deploys a contract with <see cref="Data"/> as init code.</summary>
    public EthAddress? To { get; init; }

    public BigInteger Value { get; init; }

    public ReadOnlyMemory<byte> Data { get; init; } = ReadOnlyMemory<byte>.Empty;

    public IReadOnlyList<AccessListEntry> AccessList { get; init; } = [];

    /// <summary>0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList]).</summary>
    public byte[] EncodeForSigning() => WithTypePrefix(RlpEncoder.Encode(new RlpList(Fields())));

    /// <summary>The hash the sender signs: keccak256 of <see cref="EncodeForSigning"/>.</summary>
    public Bytes32 SigningHash() => Keccak256.Hash(EncodeForSigning());

    public SignedEip1559Transaction Sign(EthSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        Validate();
        return new SignedEip1559Transaction(this, signer.SignDigest(SigningHash()));
    }

    /// <summary>Fails early on what every node would reject anyway, with a clearer message.</summary>
    public void Validate()
    {
        if (MaxPriorityFeePerGas.Sign < 0 || MaxFeePerGas.Sign < 0 || Value.Sign < 0)
            throw new InvalidOperationException("Fees and value cannot be negative.");
        if (MaxPriorityFeePerGas > MaxFeePerGas)
            throw new InvalidOperationException($"maxPriorityFeePerGas ({MaxPriorityFeePerGas}) exceeds maxFeePerGas ({MaxFeePerGas}).");
        if (GasLimit == 0)
            throw new InvalidOperationException("A transaction needs a gas limit (at least 21000).");
    }

    internal List<RlpItem> Fields() =>
    [
        RlpString.FromInteger(ChainId),
        RlpString.FromInteger(Nonce),
        RlpString.FromInteger(MaxPriorityFeePerGas),
        RlpString.FromInteger(MaxFeePerGas),
        RlpString.FromInteger(GasLimit),
        To is { } to ? new RlpString(to.Span) : RlpString.Empty,
        RlpString.FromInteger(Value),
        new RlpString(Data.Span),
        new RlpList(AccessList.Select(entry => (RlpItem)new RlpList(
            new RlpString(entry.Address.Span),
            new RlpList(entry.StorageKeys.Select(key => (RlpItem)new RlpString(key.Span)))))),
    ];

    internal static byte[] WithTypePrefix(byte[] rlp) => [TransactionType, .. rlp];
}
