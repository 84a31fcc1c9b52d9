using System.Collections.Concurrent;
using System.Numerics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using static Waterfall.X402.ExactEvmScheme.Reasons;

namespace Waterfall.X402;

/// <summary>
/// Settles "exact" EVM payments immediately, one transferWithAuthorization transaction each, as the
/// reference facilitator does:
/// <list type="bullet">
/// <item>verify again (without simulation, like the reference's settle) and refuse with the verify reason;</item>
/// <item>estimate gas (a reverting transfer fails here, with the reason read from the revert: nonce used,
///   expired, balance, signature — else invalid_exact_evm_transaction_failed), price it EIP-1559 and send it
///   from the facilitator's key;</item>
/// <item>wait for the receipt (and the network's confirmations); a reverted transaction answers
///   invalid_exact_evm_transaction_failed, a receipt without the ERC-20 Transfer(from, to, value) log from the
///   asset answers invalid_exact_evm_transfer_event_mismatch;</item>
/// <item>when the receipt does not come in time the answer is "settlement_pending" with the transaction hash,
///   and a retry of the same payment within five minutes waits for that transaction instead of sending another.</item>
/// </list>
/// Two settlements of the same signature never run at once: the second waits for the first, then finds
/// the authorization used.
/// </summary>
public sealed partial class ExactEvmSettler : IPaymentSettler
{
    private static readonly TimeSpan PendingTtl = TimeSpan.FromMinutes(5);

    private readonly X402Chains _chains;
    private readonly ExactEvmVerifier _verifier;
    private readonly FacilitatorSigner _signer;
    private readonly TimeSpan _receiptTimeout;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly KeyedLocks _inFlight = new();

    public ExactEvmSettler(
        X402Chains chains,
        ExactEvmVerifier verifier,
        FacilitatorSigner signer,
        TimeSpan? receiptTimeout = null,
        ILogger<ExactEvmSettler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chains);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(signer);
        _chains = chains;
        _verifier = verifier;
        _signer = signer;
        _receiptTimeout = receiptTimeout ?? TimeSpan.FromSeconds(180);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The address that sends settlements (and pays their gas).</summary>
    public EthAddress SignerAddress => _signer.Address;

    /// <summary>Verifies and settles a v2 payment.</summary>
    public async Task<SettleResponse> SettleAsync(PaymentPayload payload, PaymentRequirements requirements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(requirements);
        if (await TryResumeAsync(payload.Payload, cancellationToken).ConfigureAwait(false) is { } resumed)
            return resumed;
        var verification = await _verifier.CheckAsync(payload, requirements, simulate: false, cancellationToken).ConfigureAwait(false);
        return verification.Payment is { } payment
            ? await SettleAsync(payment, cancellationToken).ConfigureAwait(false)
            : Refused(verification.Response, payload.Accepted.Network);
    }

    /// <summary>Verifies and settles a v1 payment.</summary>
    public async Task<SettleResponse> SettleAsync(PaymentPayloadV1 payload, PaymentRequirementsV1 requirements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(requirements);
        if (await TryResumeAsync(payload.Payload, cancellationToken).ConfigureAwait(false) is { } resumed)
            return resumed;
        var verification = await _verifier.CheckAsync(payload, requirements, simulate: false, cancellationToken).ConfigureAwait(false);
        return verification.Payment is { } payment
            ? await SettleAsync(payment, cancellationToken).ConfigureAwait(false)
            : Refused(verification.Response, payload.Network);
    }

    /// <summary>Sends one transferWithAuthorization for a verified payment and follows it to its receipt.</summary>
    public async Task<SettleResponse> SettleAsync(VerifiedPayment payment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payment);
        using (await _inFlight.AcquireAsync(payment.SignatureText, cancellationToken).ConfigureAwait(false))
        {
            if (TakePending(payment.SignatureText) is { } pending)
                return await AwaitSettlementAsync(pending.Payment, pending.Transaction, cancellationToken).ConfigureAwait(false);
            return await SendAndAwaitAsync(payment, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SettleResponse> SendAndAwaitAsync(VerifiedPayment payment, CancellationToken cancellationToken)
    {
        var chain = _chains.For(payment.Network);
        var calldata = payment.SettlementCalldata();
        var payer = payment.Payer.ToString();
        Bytes32 transactionHash;
        try
        {
            var gas = await chain.EstimateGasAsync(
                new CallRequest { From = _signer.Address, To = payment.Asset, Data = calldata },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            var (maxFee, priorityFee) = await GasFees.EstimateAsync(chain, cancellationToken).ConfigureAwait(false);
            var gasLimit = gas + gas / 5; // 20% headroom: state can move between the estimate and the block
            var sent = await _signer.SendAsync(chain, payment.Network, payment.Asset, calldata, gasLimit, maxFee, priorityFee, cancellationToken).ConfigureAwait(false);
            transactionHash = sent.Hash;
        }
        catch (FacilitatorSigner.SendException e)
        {
            // The transaction may be in the pool: remember it, so a retry waits for it rather than paying twice.
            var hash = e.Transaction.Hash;
            _logger.LogWarning("x402 settlement {Transaction} for {Payment} may not have reached the node: {Error}", hash, payment, e.InnerException?.Message);
            Remember(payment, hash);
            return SettleResponse.Failed(SettlementPending, payment.ResponseNetwork, payer, hash.ToString(), Truncate(e.Message));
        }
        catch (EthRpcException e)
        {
            var reason = ReasonFromRevert(e.RevertReason + " " + e.RpcMessage);
            _logger.LogInformation("x402 settlement of {Payment} refused by the chain: {Reason} ({Error})", payment, reason, e.RpcMessage);
            return SettleResponse.Failed(reason, payment.ResponseNetwork, payer, message: Truncate(e.Message));
        }
        catch (Exception e) when (e is HttpRequestException or EthRpcProtocolException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _logger.LogWarning("x402 settlement of {Payment} failed before sending: {Error}", payment, e.Message);
            return SettleResponse.Failed(ReasonFromRevert(e.Message), payment.ResponseNetwork, payer, message: Truncate(e.Message));
        }
        _logger.LogInformation("x402 settlement {Transaction} sent for {Payment}", transactionHash, payment);
        return await AwaitSettlementAsync(payment, transactionHash, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SettleResponse> AwaitSettlementAsync(VerifiedPayment payment, Bytes32 transactionHash, CancellationToken cancellationToken)
    {
        var payer = payment.Payer.ToString();
        var transaction = transactionHash.ToString();
        TransactionReceipt receipt;
        try
        {
            receipt = await WaitForConfirmedReceiptAsync(payment.Network, transactionHash, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException or EthRpcException or EthRpcProtocolException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _logger.LogWarning("x402 settlement {Transaction} has no receipt yet: {Error}", transaction, e.Message);
            Remember(payment, transactionHash);
            return SettleResponse.Failed(SettlementPending, payment.ResponseNetwork, payer, transaction, Truncate(e.Message));
        }
        catch (OperationCanceledException)
        {
            // The caller gave up, but the transaction is out: a retry must wait for it, not find its nonce used.
            Remember(payment, transactionHash);
            throw;
        }
        if (!receipt.Succeeded)
        {
            _logger.LogWarning("x402 settlement {Transaction} reverted on chain", transaction);
            return SettleResponse.Failed(TransactionFailed, payment.ResponseNetwork, payer, transaction);
        }
        if (!HasTransferLog(receipt, payment))
        {
            _logger.LogError("x402 settlement {Transaction} succeeded without the expected Transfer log from {Asset}", transaction, payment.Asset);
            return SettleResponse.Failed(TransferEventMismatch, payment.ResponseNetwork, payer, transaction);
        }
        _logger.LogInformation("x402 settled {Payment} in {Transaction} (block {Block})", payment, transaction, receipt.BlockNumber);
        return SettleResponse.Succeeded(transaction, payment.ResponseNetwork, payer);
    }

    // Polls for the receipt, then until the block is buried under the network's confirmations, and checks
    // the receipt is still there (a reorg can drop or move it).
    private async Task<TransactionReceipt> WaitForConfirmedReceiptAsync(X402Network network, Bytes32 hash, CancellationToken cancellationToken)
    {
        var chain = _chains.For(network);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_receiptTimeout);
        try
        {
            while (true)
            {
                var receipt = await chain.GetTransactionReceiptAsync(hash, timeout.Token).ConfigureAwait(false);
                if (receipt is not null)
                {
                    var head = await chain.GetBlockNumberAsync(timeout.Token).ConfigureAwait(false);
                    if (head + 1 >= receipt.BlockNumber + (ulong)network.Confirmations)
                    {
                        if (network.Confirmations <= 1)
                            return receipt;
                        var again = await chain.GetTransactionReceiptAsync(hash, timeout.Token).ConfigureAwait(false);
                        if (again is not null && again.BlockHash == receipt.BlockHash)
                            return again;
                    }
                }
                await Task.Delay(network.ReceiptPollInterval, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No confirmed receipt for {hash} within {_receiptTimeout.TotalSeconds:0} s.");
        }
    }

    private static bool HasTransferLog(TransactionReceipt receipt, VerifiedPayment payment)
    {
        foreach (var log in receipt.Logs)
        {
            if (log.Address != payment.Asset || log.Topics.Count != 3 || log.Topics[0] != Eip3009Token.Transfer.Topic0)
                continue;
            try
            {
                var values = Eip3009Token.Transfer.Decode(log.Topics, log.Data);
                if ((EthAddress)values["from"]! == payment.Payer
                    && (EthAddress)values["to"]! == payment.PayTo
                    && (BigInteger)values["value"]! == payment.Amount)
                {
                    return true;
                }
            }
            catch (FormatException)
            {
                // Not a well-formed Transfer: keep looking.
            }
        }
        return false;
    }

    private async Task<SettleResponse?> TryResumeAsync(System.Text.Json.JsonElement payload, CancellationToken cancellationToken)
    {
        string signature;
        try
        {
            signature = ExactEvmPayload.FromJson(payload).Signature;
        }
        catch (X402FormatException)
        {
            return null;
        }
        if (!_pending.ContainsKey(signature))
            return null;
        using (await _inFlight.AcquireAsync(signature, cancellationToken).ConfigureAwait(false))
        {
            return TakePending(signature) is { } pending
                ? await AwaitSettlementAsync(pending.Payment, pending.Transaction, cancellationToken).ConfigureAwait(false)
                : null;
        }
    }

    private void Remember(VerifiedPayment payment, Bytes32 transaction)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (key, entry) in _pending)
            if (now - entry.StoredAt > PendingTtl)
                _pending.TryRemove(key, out _);
        _pending[payment.SignatureText] = new Pending(payment, transaction, now);
    }

    private Pending? TakePending(string signature) =>
        _pending.TryRemove(signature, out var entry) && DateTimeOffset.UtcNow - entry.StoredAt <= PendingTtl ? entry : null;

    // The chain failing during settlement's own verification is a settlement error to the caller.
    private static SettleResponse Refused(VerifyResponse verification, string network) =>
        SettleResponse.Failed(
            verification.InvalidReason is UnexpectedVerifyError ? UnexpectedSettleError : verification.InvalidReason ?? InvalidScheme,
            network,
            verification.Payer,
            message: verification.InvalidMessage);

    /// <summary>The reference's reading of a failed transferWithAuthorization: the revert text names the cause
    /// (patterns as the reference's, so "." stops at a line break as in JavaScript).</summary>
    internal static string ReasonFromRevert(string? message)
    {
        message ??= "";
        if (ExpiredPattern().IsMatch(message))
            return ValidBeforeExpired;
        if (NotYetValidPattern().IsMatch(message))
            return ValidAfterInFuture;
        if (UsedPattern().IsMatch(message))
            return NonceAlreadyUsed;
        if (BalancePattern().IsMatch(message))
            return InsufficientBalance;
        if (SignaturePattern().IsMatch(message))
            return InvalidSignature;
        return TransactionFailed;
    }

    private static string Truncate(string message) => message.Length <= 500 ? message : message[..500];

    [GeneratedRegex("authorization.*(expired|valid before)|AuthorizationExpired", RegexOptions.IgnoreCase)]
    private static partial Regex ExpiredPattern();

    [GeneratedRegex("authorization.*not.*valid|AuthorizationNotYetValid", RegexOptions.IgnoreCase)]
    private static partial Regex NotYetValidPattern();

    [GeneratedRegex("authorization.*used|AuthorizationAlreadyUsed|AuthorizationUsedOrCanceled", RegexOptions.IgnoreCase)]
    private static partial Regex UsedPattern();

    [GeneratedRegex("transfer.*exceeds.*balance|insufficient.*balance|ERC20InsufficientBalance", RegexOptions.IgnoreCase)]
    private static partial Regex BalancePattern();

    [GeneratedRegex("invalid.*signature|SignerMismatch|InvalidSignatureV|InvalidSignatureS", RegexOptions.IgnoreCase)]
    private static partial Regex SignaturePattern();

    private sealed record Pending(VerifiedPayment Payment, Bytes32 Transaction, DateTimeOffset StoredAt);
}
