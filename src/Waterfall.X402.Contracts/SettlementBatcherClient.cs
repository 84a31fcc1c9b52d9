using System.Numerics;
using Waterfall.Chain.Abi;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;

namespace Waterfall.X402.Contracts;

/// <summary>
/// What happened to one authorization of a batch: Settled (value moved) or SettlementFailed (nothing
/// moved; <see cref="RevertData"/> is the token's revert payload and <see cref="Reason"/> its decoded
/// Error(string), e.g. "ERC20: transfer amount exceeds balance").
/// </summary>
public sealed record SettlementOutcome(
    EthAddress Token,
    EthAddress From,
    Bytes32 Nonce,
    bool Settled,
    BigInteger Value,
    byte[] RevertData,
    string? Reason,
    ulong? LogIndex);

/// <summary>
/// A thin typed client of SettlementBatcher: settle calldata for N signed authorizations, a dry run
/// through eth_call, and the per-authorization outcomes decoded from a receipt's
/// Settled/SettlementFailed logs.
/// </summary>
public sealed class SettlementBatcherClient
{
    private static ContractArtifact Abi => ContractArtifacts.SettlementBatcher;

    public SettlementBatcherClient(EthRpcClient client, EthAddress address)
    {
        ArgumentNullException.ThrowIfNull(client);
        Client = client;
        Address = address;
    }

    public EthRpcClient Client { get; }

    /// <summary>The batcher contract.</summary>
    public EthAddress Address { get; }

    /// <summary>settle(address token, (address,address,uint256,uint256,uint256,bytes32,bytes)[] items) returns (bool[]).</summary>
    public static AbiFunction SettleFunction => Abi.Function("settle");

    public static AbiEvent SettledEvent => Abi.Event("Settled");

    public static AbiEvent SettlementFailedEvent => Abi.Event("SettlementFailed");

    // ------------------------------------------------------------------ calldata

    /// <summary>The settle call for these authorizations, in this order (the outcomes come back in the same order).</summary>
    public static byte[] EncodeSettle(EthAddress token, IReadOnlyList<SignedEip3009Authorization> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var tuples = items.Select(item =>
        {
            ArgumentNullException.ThrowIfNull(item);
            var a = item.Authorization;
            return (object?)new object?[] { a.From, a.To, a.Value, a.ValidAfter, a.ValidBefore, a.Nonce, item.Signature };
        }).ToArray();
        return SettleFunction.EncodeCall(token, tuples);
    }

    /// <summary>The bool[] settle returns (from eth_call): true where the authorization settled.</summary>
    public static IReadOnlyList<bool> DecodeSettleResult(ReadOnlySpan<byte> returnData) =>
        ((object?[])SettleFunction.DecodeOutput(returnData)[0]!).Select(v => (bool)v!).ToArray();

    public static byte[] EncodeSetSubmitter(EthAddress submitter, bool allowed) => Abi.Function("setSubmitter").EncodeCall(submitter, allowed);

    public static byte[] EncodeTransferOwnership(EthAddress newOwner) => Abi.Function("transferOwnership").EncodeCall(newOwner);

    // ------------------------------------------------------------------ reads

    public async Task<EthAddress> OwnerAsync(CancellationToken cancellationToken = default) =>
        (EthAddress)(await CallAsync("owner", [], cancellationToken).ConfigureAwait(false))!;

    public async Task<bool> IsSubmitterAsync(EthAddress account, CancellationToken cancellationToken = default) =>
        (bool)(await CallAsync("isSubmitter", [account], cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// Runs settle as <paramref name="submitter"/> without a transaction: which items would settle now.
    /// A facilitator can drop the failing ones before paying gas for them.
    /// </summary>
    public async Task<IReadOnlyList<bool>> SimulateSettleAsync(
        EthAddress submitter,
        EthAddress token,
        IReadOnlyList<SignedEip3009Authorization> items,
        BlockTag block = default,
        CancellationToken cancellationToken = default)
    {
        var result = await Client.CallAsync(
            new CallRequest { From = submitter, To = Address, Data = EncodeSettle(token, items) }, block, cancellationToken).ConfigureAwait(false);
        return DecodeSettleResult(result);
    }

    // ------------------------------------------------------------------ transactions

    /// <summary>Sends one settle transaction for all items; read the outcomes with <see cref="OutcomesIn"/>.</summary>
    public async Task<TransactionReceipt> SettleAsync(
        EthTransactionSender sender,
        EthAddress token,
        IReadOnlyList<SignedEip3009Authorization> items,
        TransactionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return await sender.SendAsync(Address, EncodeSettle(token, items), options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Allows or disallows a submitter (owner only).</summary>
    public async Task<TransactionReceipt> SetSubmitterAsync(
        EthTransactionSender sender,
        EthAddress submitter,
        bool allowed,
        TransactionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return await sender.SendAsync(Address, EncodeSetSubmitter(submitter, allowed), options, cancellationToken).ConfigureAwait(false);
    }

    // ------------------------------------------------------------------ logs

    /// <summary>This batcher's Settled/SettlementFailed events in a receipt, one per item, in item order.</summary>
    public IReadOnlyList<SettlementOutcome> OutcomesIn(TransactionReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return receipt.Logs.Where(l => l.Address == Address).Select(TryDecodeOutcome).OfType<SettlementOutcome>().ToArray();
    }

    /// <summary>
    /// The outcomes keyed by (payer, nonce), the identity of an EIP-3009 authorization. When a batch holds
    /// the same authorization twice, the settled one wins: the funds did move.
    /// </summary>
    public IReadOnlyDictionary<(EthAddress From, Bytes32 Nonce), SettlementOutcome> OutcomesByAuthorization(TransactionReceipt receipt)
    {
        var outcomes = new Dictionary<(EthAddress From, Bytes32 Nonce), SettlementOutcome>();
        foreach (var outcome in OutcomesIn(receipt))
        {
            var key = (outcome.From, outcome.Nonce);
            if (!outcomes.TryGetValue(key, out var existing) || (!existing.Settled && outcome.Settled))
                outcomes[key] = outcome;
        }
        return outcomes;
    }

    /// <summary>A Settled or SettlementFailed event in a log of any batcher, or null when the log is something else.</summary>
    public static SettlementOutcome? TryDecodeOutcome(LogEntry log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (log.Topics.Count != 4)
            return null;
        if (log.Topics[0] == SettledEvent.Topic0)
        {
            var values = SettledEvent.Decode(log.Topics, log.Data);
            return new SettlementOutcome(
                (EthAddress)values["token"]!, (EthAddress)values["from"]!, (Bytes32)values["nonce"]!, true, (BigInteger)values["value"]!, [], null, log.LogIndex);
        }
        if (log.Topics[0] == SettlementFailedEvent.Topic0)
        {
            var values = SettlementFailedEvent.Decode(log.Topics, log.Data);
            var reason = (byte[])values["reason"]!;
            return new SettlementOutcome(
                (EthAddress)values["token"]!, (EthAddress)values["from"]!, (Bytes32)values["nonce"]!, false, BigInteger.Zero, reason, RevertReason.TryDecode(reason), log.LogIndex);
        }
        return null;
    }

    private async Task<object?> CallAsync(string function, object?[] arguments, CancellationToken cancellationToken)
    {
        var abi = Abi.Function(function);
        var result = await Client.CallAsync(new CallRequest { To = Address, Data = abi.EncodeCall(arguments) }, BlockTag.Latest, cancellationToken).ConfigureAwait(false);
        if (result.Length == 0)
            throw new InvalidOperationException($"{abi.Signature} on {Address} returned nothing: is the batcher deployed at that address on this chain?");
        return abi.DecodeOutput(result)[0];
    }
}
