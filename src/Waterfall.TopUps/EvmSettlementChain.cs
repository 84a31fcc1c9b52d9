using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Logging;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.Chain.Transactions;
using Waterfall.Chain.TypedData;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;
using Waterfall.X402;
using Waterfall.X402.Contracts;

namespace Waterfall.TopUps;

/// <summary>
/// The settlement grain's chain, on a real EVM node: one EIP-1559 transaction per batch calling the
/// SettlementBatcher's settle, signed with the facilitator's key. Signing and sending are separate so
/// the grain can record a transaction before the node sees it. A refill's pull from a USDC allowance is its own
/// transaction, to the token (permit, then transferFrom). Outcomes are read from the batcher's
/// Settled/SettlementFailed events, keyed by authorization nonce.
/// </summary>
public sealed partial class EvmSettlementChain(X402Chains chains, FacilitatorSigner signer, ILogger<EvmSettlementChain> logger) : ISettlementChain
{
    /// <summary>A replacement must outbid the stuck transaction; nodes ask for at least +10 % on both caps.</summary>
    private static readonly BigInteger BumpNumerator = 5, BumpDenominator = 4;

    /// <summary>
    /// The least gas a batch gets: the batcher's loop costs well under this per authorization. An estimate
    /// can come out far lower, when the node estimates against a state in which the authorizations are
    /// already spent (a pending earlier version of the same batch): each then takes the cheap failure path,
    /// and the transaction would run out of gas once they succeed for real. Unused gas is not paid for.
    /// </summary>
    private const ulong GasFloorBase = 80_000, GasFloorPerItem = 90_000;

    /// <summary>
    /// The least gas a pull's permit or transferFrom gets: one that will revert cannot be estimated, and must still be
    /// mined so that its revert is seen and its credit reversed.
    /// </summary>
    private const ulong PullGasFloor = 120_000;

    public async Task<SignedSettlement> SignAsync(SettlementTarget target, IReadOnlyList<SettlementItem> items, SignedSettlement? replacing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var (network, client, batcher) = Resolve(target);
        var (to, data, floor) = items is [{ IsPull: true } pull]
            ? (network.Asset, EncodePull(pull), PullGasFloor)
            : (batcher, SettlementBatcherClient.EncodeSettle(network.Asset, items.Select(ToAuthorization).ToList()), GasFloorBase + GasFloorPerItem * (ulong)items.Count);

        var gasLimit = Math.Max(await EstimateGasAsync(client, to, data, cancellationToken), floor);
        var (maxFee, priority) = await GasFees.EstimateAsync(client, cancellationToken);
        ulong nonce;
        if (replacing is null)
        {
            nonce = await client.GetTransactionCountAsync(signer.Address, BlockTag.Pending, cancellationToken);
        }
        else
        {
            nonce = checked((ulong)replacing.AccountNonce);
            gasLimit = Math.Max(gasLimit, SignedEip1559Transaction.Decode(replacing.RawTransaction).Transaction.GasLimit);
            maxFee = BigInteger.Max(maxFee, Bump(replacing.MaxFeePerGas));
            priority = BigInteger.Max(priority, Bump(replacing.MaxPriorityFeePerGas));
            maxFee = BigInteger.Max(maxFee, priority);
        }

        var signed = signer.Sign(new Eip1559Transaction
        {
            ChainId = network.ChainId,
            Nonce = nonce,
            MaxPriorityFeePerGas = priority,
            MaxFeePerGas = maxFee,
            GasLimit = gasLimit,
            To = to,
            Data = data,
        });
        return new SignedSettlement(signed.Hash.ToString(), signed.ToRawHex(), checked((long)nonce),
            maxFee.ToString(CultureInfo.InvariantCulture), priority.ToString(CultureInfo.InvariantCulture));
    }

    public async Task BroadcastAsync(SettlementTarget target, string rawTransaction, CancellationToken cancellationToken)
    {
        var (_, client, _) = Resolve(target);
        try
        {
            await client.SendRawTransactionAsync(Hex.Decode(rawTransaction), cancellationToken);
        }
        catch (EthRpcException e) when (IsAlreadyKnown(e))
        {
            // The node has it (or has mined it): exactly what sending again was meant to ensure.
        }
    }

    public async Task<SettlementReceipt?> GetReceiptAsync(SettlementTarget target, string transactionHash, CancellationToken cancellationToken)
    {
        var (_, client, batcher) = Resolve(target);
        var receipt = await client.GetTransactionReceiptAsync(Bytes32.Parse(transactionHash), cancellationToken);
        if (receipt is null) return null;
        var latest = await client.GetBlockNumberAsync(cancellationToken);
        var outcomes = new Dictionary<string, AuthorizationOutcome>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, outcome) in new SettlementBatcherClient(client, batcher).OutcomesByAuthorization(receipt))
        {
            var nonce = key.Nonce.ToString();
            // Two payers may pick the same nonce; the grain keys by nonce, so a settled one is never hidden by a failed one.
            if (outcomes.TryGetValue(nonce, out var seen) && seen.Settled) continue;
            outcomes[nonce] = new AuthorizationOutcome(outcome.Settled, outcome.Settled ? null : outcome.Reason ?? DescribeRevert(outcome.RevertData));
        }
        var confirmations = latest >= receipt.BlockNumber ? (long)(latest - receipt.BlockNumber) + 1 : 0;
        return new SettlementReceipt(receipt.TransactionHash.ToString(), receipt.Succeeded, checked((long)receipt.BlockNumber), confirmations, outcomes);
    }

    public async Task<long> GetMinedNonceAsync(SettlementTarget target, CancellationToken cancellationToken)
    {
        var (_, client, _) = Resolve(target);
        return checked((long)await client.GetTransactionCountAsync(signer.Address, BlockTag.Latest, cancellationToken));
    }

    public async Task<IReadOnlyList<ChainTransfer>> GetTransfersToPayeeAsync(SettlementTarget target, long fromBlock, long toBlock, CancellationToken cancellationToken)
    {
        var (network, client, _) = Resolve(target);
        var payee = EthAddress.Parse(target.PayTo);
        var logs = await client.GetLogsAsync(new LogFilter
        {
            FromBlock = BlockTag.Number(checked((ulong)fromBlock)),
            ToBlock = BlockTag.Number(checked((ulong)toBlock)),
            Addresses = [network.Asset],
            Topics = [[Eip3009TokenClient.TransferEvent.Topic0], null, [AddressTopic(payee)]],
        }, cancellationToken);
        var transfers = new List<ChainTransfer>();
        foreach (var log in logs)
        {
            if (log.Removed || Eip3009TokenClient.TryDecodeTransfer(log) is not { } transfer || transfer.To != payee) continue;
            transfers.Add(new ChainTransfer(log.TransactionHash?.ToString() ?? "", checked((long)(log.BlockNumber ?? 0)),
                transfer.From.ToString(), transfer.To.ToString(), checked((long)transfer.Value)));
        }
        return transfers;
    }

    private (X402Network Network, EthRpcClient Client, EthAddress Batcher) Resolve(SettlementTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!chains.Networks.TryGet(target.Network, out var network))
            throw new InvalidOperationException($"Settlement network {target.Network} is not configured under Waterfall:X402:Networks.");
        if (network.SettlementBatcher is not { } batcher)
            throw new InvalidOperationException($"Settlement network {target.Network} has no SettlementBatcher configured.");
        if (!string.Equals(network.Asset.ToString(), target.Asset, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Settlement asset {target.Asset} is not the asset configured for {target.Network}.");
        return (network, chains.For(network), batcher);
    }

    private async Task<ulong> EstimateGasAsync(EthRpcClient client, EthAddress to, byte[] data, CancellationToken cancellationToken)
    {
        try
        {
            var estimate = await client.EstimateGasAsync(new CallRequest { From = signer.Address, To = to, Data = data }, cancellationToken: cancellationToken);
            return estimate + estimate / 4;
        }
        catch (EthRpcException e)
        {
            // The batcher never reverts for a failing authorization, so this is rare (e.g. the signer is not an
            // allowed submitter): the floor lets the transaction be mined and its revert be seen.
            LogEstimateFailed(logger, e.RpcMessage);
            return 0;
        }
    }

    public async Task<string?> ExplainRevertAsync(SettlementTarget target, SignedSettlement signed, long blockNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var (_, client, _) = Resolve(target);
        var transaction = SignedEip1559Transaction.Decode(signed.RawTransaction).Transaction;
        try
        {
            await client.CallAsync(new CallRequest { From = signer.Address, To = transaction.To, Data = transaction.Data },
                BlockTag.Number(checked((ulong)Math.Max(0, blockNumber - 1))), cancellationToken);
            return null;
        }
        catch (EthRpcException e)
        {
            return e.RevertReason ?? e.RpcMessage;
        }
    }

    /// <summary>A pull is the token's own call by the settlement account: the payer's permit first (once), then transferFrom.</summary>
    private byte[] EncodePull(SettlementItem pull) => pull.SendsPermit
        ? Eip3009TokenClient.PermitBytes.EncodeCall(EthAddress.Parse(pull.From), signer.Address, new BigInteger(pull.PermitCap),
            new BigInteger(pull.PermitDeadline), Hex.Decode(pull.PermitSignature!))
        : Eip3009TokenClient.EncodeTransferFrom(EthAddress.Parse(pull.From), EthAddress.Parse(pull.To), pull.Value);

    private static Bytes32 AddressTopic(EthAddress address)
    {
        Span<byte> topic = stackalloc byte[32];
        address.Span.CopyTo(topic[12..]);
        return new Bytes32(topic);
    }

    private static SignedEip3009Authorization ToAuthorization(SettlementItem item) => new(
        new Eip3009Authorization(EthAddress.Parse(item.From), EthAddress.Parse(item.To), item.Value, item.ValidAfter, item.ValidBefore, Bytes32.Parse(item.Nonce)),
        Hex.Decode(item.Signature));

    private static BigInteger Bump(string fee) =>
        (BigInteger.Parse(fee, CultureInfo.InvariantCulture) * BumpNumerator + BumpDenominator - 1) / BumpDenominator;

    private static bool IsAlreadyKnown(EthRpcException e) =>
        e.RpcMessage.Contains("already known", StringComparison.OrdinalIgnoreCase)
        || e.RpcMessage.Contains("already imported", StringComparison.OrdinalIgnoreCase)
        || e.RpcMessage.Contains("nonce too low", StringComparison.OrdinalIgnoreCase);

    private static string DescribeRevert(byte[] revertData) =>
        revertData.Length == 0 ? "transfer reverted without a reason" : $"transfer reverted ({Hex.Encode(revertData.AsSpan(0, Math.Min(revertData.Length, 4)))})";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gas estimation for a settlement batch failed ({Message}); using a fixed gas limit")]
    private static partial void LogEstimateFailed(ILogger logger, string message);
}
