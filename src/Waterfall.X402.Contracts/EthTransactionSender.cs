using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.Chain.Transactions;

namespace Waterfall.X402.Contracts;

/// <summary>What a caller may fix instead of letting <see cref="EthTransactionSender"/> work it out.</summary>
public sealed record TransactionOptions
{
    /// <summary>Skips eth_estimateGas. Also the way to get a reverting call mined (estimation would refuse it).</summary>
    public ulong? GasLimit { get; init; }

    public BigInteger? MaxFeePerGas { get; init; }

    public BigInteger? MaxPriorityFeePerGas { get; init; }

    /// <summary>Wei sent along; zero by default.</summary>
    public BigInteger Value { get; init; }
}

/// <summary>EIP-1559 fee caps for one transaction.</summary>
public sealed record TransactionFees(BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas);

/// <summary>
/// Signs and sends EIP-1559 transactions from one key: picks the nonce, estimates gas (with headroom),
/// prices fees from eth_feeHistory and eth_maxPriorityFeePerGas (with fallbacks for nodes that lack
/// either), and waits for the receipt. Sends from one instance are serialised, so concurrent callers
/// never reuse a nonce; another process sending from the same key is noticed through the pending nonce.
/// </summary>
public sealed class EthTransactionSender
{
    /// <summary>The priority fee used when the node suggests none: 1 gwei, plenty on the chains x402 targets.</summary>
    public static readonly BigInteger DefaultPriorityFeePerGas = 1_000_000_000;

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly EthSigner _signer;
    private ulong? _nextNonce;

    public EthTransactionSender(EthRpcClient client, EthSigner signer, ulong chainId)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(signer);
        Client = client;
        _signer = signer;
        ChainId = chainId;
    }

    /// <summary>A sender for the chain the node reports (one eth_chainId call).</summary>
    public static async Task<EthTransactionSender> CreateAsync(EthRpcClient client, EthSigner signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new EthTransactionSender(client, signer, await client.GetChainIdAsync(cancellationToken).ConfigureAwait(false));
    }

    public EthRpcClient Client { get; }

    public ulong ChainId { get; }

    /// <summary>The sending account.</summary>
    public EthAddress Address => _signer.Address;

    /// <summary>How often to ask for a receipt; anvil mines at once, a real chain every few seconds.</summary>
    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long to wait for a receipt before giving up with a TimeoutException (the transaction may still be mined).</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The gas limit is the estimate times this, so small state changes between estimate and execution do not run out of gas.</summary>
    public double GasHeadroom { get; init; } = 1.25;

    /// <summary>Fee caps for the next block: maxFee = 2 × next base fee + priority fee, which survives six full blocks of base-fee increases.</summary>
    public async Task<TransactionFees> EstimateFeesAsync(CancellationToken cancellationToken = default)
    {
        FeeHistory? history = null;
        try
        {
            history = await Client.GetFeeHistoryAsync(5, BlockTag.Latest, [50], cancellationToken).ConfigureAwait(false);
        }
        catch (EthRpcException)
        {
            // Not every node serves eth_feeHistory; the latest block's base fee is the next best thing.
        }

        BigInteger priority;
        try
        {
            priority = await Client.GetMaxPriorityFeePerGasAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (EthRpcException)
        {
            var paid = history?.Reward.Where(r => r.Count > 0).Select(r => r[0]).Where(r => r > 0).Order().ToArray() ?? [];
            priority = paid.Length > 0 ? paid[paid.Length / 2] : DefaultPriorityFeePerGas;
        }

        BigInteger? baseFee = history is { BaseFeePerGas.Count: > 0 } ? history.NextBaseFeePerGas : null;
        baseFee ??= (await Client.GetBlockByNumberAsync(BlockTag.Latest, cancellationToken).ConfigureAwait(false))?.BaseFeePerGas;
        if (baseFee is { } fee)
            return new TransactionFees(fee * 2 + priority, priority);

        // A chain without base fees: pay its gas price, all of it as priority.
        var gasPrice = await Client.GetGasPriceAsync(cancellationToken).ConfigureAwait(false);
        var cap = BigInteger.Max(gasPrice, priority);
        return new TransactionFees(cap, cap);
    }

    /// <summary>Signs and sends a transaction (to = null deploys <paramref name="data"/>), without waiting for it to be mined.</summary>
    public async Task<SignedEip1559Transaction> SubmitAsync(
        EthAddress? to,
        ReadOnlyMemory<byte> data,
        TransactionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new TransactionOptions();
        var gasLimit = options.GasLimit ?? await EstimateGasLimitAsync(to, data, options.Value, cancellationToken).ConfigureAwait(false);
        TransactionFees fees;
        if (options.MaxFeePerGas is { } maxFee && options.MaxPriorityFeePerGas is { } maxPriority)
        {
            fees = new TransactionFees(maxFee, maxPriority);
        }
        else
        {
            var estimated = await EstimateFeesAsync(cancellationToken).ConfigureAwait(false);
            var priority = options.MaxPriorityFeePerGas ?? estimated.MaxPriorityFeePerGas;
            fees = new TransactionFees(options.MaxFeePerGas ?? BigInteger.Max(estimated.MaxFeePerGas, priority), priority);
        }

        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = await Client.GetTransactionCountAsync(Address, BlockTag.Pending, cancellationToken).ConfigureAwait(false);
            var nonce = _nextNonce is { } next && next > pending ? next : pending;
            var signed = new Eip1559Transaction
            {
                ChainId = ChainId,
                Nonce = nonce,
                MaxPriorityFeePerGas = fees.MaxPriorityFeePerGas,
                MaxFeePerGas = fees.MaxFeePerGas,
                GasLimit = gasLimit,
                To = to,
                Value = options.Value,
                Data = data,
            }.Sign(_signer);
            await Client.SendTransactionAsync(signed, cancellationToken).ConfigureAwait(false);
            _nextNonce = nonce + 1;
            return signed;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a transaction and waits for its receipt. A mined revert is returned (Succeeded = false), not thrown.</summary>
    public async Task<TransactionReceipt> SendAsync(
        EthAddress? to,
        ReadOnlyMemory<byte> data,
        TransactionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var signed = await SubmitAsync(to, data, options, cancellationToken).ConfigureAwait(false);
        return await WaitForReceiptAsync(signed.Hash, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls for the receipt for at most <see cref="ReceiptTimeout"/>.</summary>
    public async Task<TransactionReceipt> WaitForReceiptAsync(Bytes32 transactionHash, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReceiptTimeout);
        try
        {
            return await Client.WaitForReceiptAsync(transactionHash, ReceiptPollInterval, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Transaction {transactionHash} was not mined within {ReceiptTimeout}; it may still be.");
        }
    }

    private async Task<ulong> EstimateGasLimitAsync(EthAddress? to, ReadOnlyMemory<byte> data, BigInteger value, CancellationToken cancellationToken)
    {
        var estimate = await Client.EstimateGasAsync(
            new CallRequest { From = Address, To = to, Data = data, Value = value.IsZero ? null : value },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return checked((ulong)Math.Ceiling(estimate * GasHeadroom));
    }

    public override string ToString() => $"EthTransactionSender({Address}, chain {ChainId})";
}
