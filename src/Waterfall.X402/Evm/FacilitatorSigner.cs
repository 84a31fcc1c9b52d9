using System.Collections.Concurrent;
using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.Chain.Transactions;

namespace Waterfall.X402;

/// <summary>
/// The facilitator's account: it signs and sends the settlement transactions and pays their gas. Nonces
/// are handed out under a per-network lock, so concurrent settlements never reuse or skip one: each send
/// takes the larger of the node's pending count and the last nonce this process used plus one. The key is
/// held by <see cref="EthPrivateKey"/>, which never prints it; nothing here logs it.
/// </summary>
public sealed class FacilitatorSigner
{
    private readonly EthSigner _signer;
    private readonly ConcurrentDictionary<string, NonceState> _nonces = new(StringComparer.Ordinal);

    public FacilitatorSigner(EthPrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _signer = new EthSigner(key);
    }

    public EthAddress Address => _signer.Address;

    /// <summary>The signer configured in <paramref name="options"/> (key or key file), or null when there is none.</summary>
    public static FacilitatorSigner? FromOptions(X402Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hex = options.SignerPrivateKey;
        if (string.IsNullOrWhiteSpace(hex) && !string.IsNullOrWhiteSpace(options.SignerPrivateKeyFile))
        {
            try
            {
                hex = File.ReadAllText(options.SignerPrivateKeyFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"The x402 signer key file cannot be read ({e.GetType().Name}).");
            }
        }
        if (string.IsNullOrWhiteSpace(hex))
            return null;
        hex = hex.Trim();
        if (!hex.StartsWith("0x", StringComparison.Ordinal))
            hex = "0x" + hex;
        try
        {
            return new FacilitatorSigner(EthPrivateKey.FromHex(hex));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            // Never quote the value: it is (almost) a secret.
            throw new InvalidOperationException("The x402 signer key is not a secp256k1 private key (0x + 64 hex digits).");
        }
    }

    /// <summary>
    /// Signs a transaction without sending it: the settlement grain records a batch transaction (and its
    /// hash) durably before it is broadcast, and picks its own account nonce.
    /// </summary>
    public SignedEip1559Transaction Sign(Eip1559Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Sign(_signer);
    }

    /// <summary>
    /// Signs and submits a call (EIP-1559). The transaction is returned once the node has accepted it;
    /// its hash is known even if the send itself fails in transit, see <see cref="SendException"/>.
    /// </summary>
    internal async Task<SignedEip1559Transaction> SendAsync(
        EthRpcClient chain,
        X402Network network,
        EthAddress to,
        byte[] data,
        ulong gasLimit,
        BigInteger maxFeePerGas,
        BigInteger maxPriorityFeePerGas,
        CancellationToken cancellationToken)
    {
        var state = _nonces.GetOrAdd(network.Id, _ => new NonceState());
        await state.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var pending = await chain.GetTransactionCountAsync(Address, BlockTag.Pending, cancellationToken).ConfigureAwait(false);
                var nonce = Math.Max(pending, state.Next ?? 0);
                var transaction = new Eip1559Transaction
                {
                    ChainId = network.ChainId,
                    Nonce = nonce,
                    MaxPriorityFeePerGas = maxPriorityFeePerGas,
                    MaxFeePerGas = maxFeePerGas,
                    GasLimit = gasLimit,
                    To = to,
                    Data = data,
                }.Sign(_signer);
                try
                {
                    await chain.SendTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
                    state.Next = nonce + 1;
                    return transaction;
                }
                catch (EthRpcException e) when (attempt == 0 && IsNonceConflict(e))
                {
                    // Someone else (another process with this key) used the nonce: re-read it and try once more.
                    state.Next = null;
                }
                catch (EthRpcException)
                {
                    state.Next = null;
                    throw;
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or EthRpcProtocolException)
                {
                    // The node may or may not have the transaction; either way its hash is this one.
                    state.Next = null;
                    throw new SendException(transaction, e);
                }
            }
        }
        finally
        {
            state.Lock.Release();
        }
    }

    private static bool IsNonceConflict(EthRpcException e) =>
        e.RpcMessage.Contains("nonce too low", StringComparison.OrdinalIgnoreCase)
        || e.RpcMessage.Contains("already known", StringComparison.OrdinalIgnoreCase)
        || e.RpcMessage.Contains("replacement transaction underpriced", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"FacilitatorSigner({Address})";

    private sealed class NonceState
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public ulong? Next { get; set; }
    }

    /// <summary>The send failed in transit: the transaction may still be in the node's pool.</summary>
    internal sealed class SendException(SignedEip1559Transaction transaction, Exception inner)
        : Exception("Sending the settlement transaction failed in transit: " + inner.Message, inner)
    {
        public SignedEip1559Transaction Transaction { get; } = transaction;
    }
}
