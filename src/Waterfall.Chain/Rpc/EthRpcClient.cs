using System.Globalization;
using System.Net.Http.Headers;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Transactions;

namespace Waterfall.Chain.Rpc;

/// <summary>
/// A small Ethereum JSON-RPC 2.0 client over HTTP: just the calls settlement needs. Quantities go out
/// and come back as hex per the execution-API spec; node errors surface as <see cref="EthRpcException"/>,
/// malformed answers as <see cref="EthRpcProtocolException"/>, transport failures as HttpRequestException.
/// The HttpClient is the caller's (typically from IHttpClientFactory), so its lifetime and timeout are too.
/// </summary>
public sealed class EthRpcClient
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private long _nextId;

    public EthRpcClient(HttpClient http, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        _http = http;
        _endpoint = endpoint;
    }

    public Uri Endpoint => _endpoint;

    public async Task<ulong> GetChainIdAsync(CancellationToken cancellationToken = default) =>
        RpcJson.QuantityUInt64(await RequestAsync("eth_chainId", [], cancellationToken).ConfigureAwait(false), "eth_chainId");

    public async Task<ulong> GetBlockNumberAsync(CancellationToken cancellationToken = default) =>
        RpcJson.QuantityUInt64(await RequestAsync("eth_blockNumber", [], cancellationToken).ConfigureAwait(false), "eth_blockNumber");

    /// <summary>The account's nonce. Use <see cref="BlockTag.Pending"/> to include transactions not yet mined.</summary>
    public async Task<ulong> GetTransactionCountAsync(EthAddress address, BlockTag block = default, CancellationToken cancellationToken = default) =>
        RpcJson.QuantityUInt64(
            await RequestAsync("eth_getTransactionCount", [address.ToLowerHex(), block.ToString()], cancellationToken).ConfigureAwait(false),
            "eth_getTransactionCount");

    public async Task<BigInteger> GetBalanceAsync(EthAddress address, BlockTag block = default, CancellationToken cancellationToken = default) =>
        RpcJson.Quantity(
            await RequestAsync("eth_getBalance", [address.ToLowerHex(), block.ToString()], cancellationToken).ConfigureAwait(false),
            "eth_getBalance");

    /// <summary>The contract code at an address; empty for an account without code (an EOA or nothing at all).</summary>
    public async Task<byte[]> GetCodeAsync(EthAddress address, BlockTag block = default, CancellationToken cancellationToken = default) =>
        RpcJson.Data(
            await RequestAsync("eth_getCode", [address.ToLowerHex(), block.ToString()], cancellationToken).ConfigureAwait(false),
            "eth_getCode");

    public async Task<BigInteger> GetGasPriceAsync(CancellationToken cancellationToken = default) =>
        RpcJson.Quantity(await RequestAsync("eth_gasPrice", [], cancellationToken).ConfigureAwait(false), "eth_gasPrice");

    public async Task<BigInteger> GetMaxPriorityFeePerGasAsync(CancellationToken cancellationToken = default) =>
        RpcJson.Quantity(await RequestAsync("eth_maxPriorityFeePerGas", [], cancellationToken).ConfigureAwait(false), "eth_maxPriorityFeePerGas");

    /// <summary>eth_feeHistory over the last <paramref name="blockCount"/> blocks up to <paramref name="newestBlock"/>.</summary>
    public async Task<FeeHistory> GetFeeHistoryAsync(
        int blockCount,
        BlockTag newestBlock = default,
        IReadOnlyList<double>? rewardPercentiles = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockCount, 1);
        var percentiles = new JsonArray((rewardPercentiles ?? []).Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
        var result = await RequestAsync(
            "eth_feeHistory",
            [Hex.EncodeQuantity((ulong)blockCount), newestBlock.ToString(), percentiles],
            cancellationToken).ConfigureAwait(false);
        return FeeHistory.FromJson(result);
    }

    /// <summary>Runs a call without a transaction and returns its return data; a revert throws EthRpcException with the revert data.</summary>
    public async Task<byte[]> CallAsync(CallRequest call, BlockTag block = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RpcJson.Data(
            await RequestAsync("eth_call", [call.ToJson(), block.ToString()], cancellationToken).ConfigureAwait(false),
            "eth_call");
    }

    /// <summary>Gas the call would use; the block argument is only sent when given, as some nodes reject it.</summary>
    public async Task<ulong> EstimateGasAsync(CallRequest call, BlockTag? block = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        JsonNode?[] parameters = block is { } tag ? [call.ToJson(), tag.ToString()] : [call.ToJson()];
        return RpcJson.QuantityUInt64(
            await RequestAsync("eth_estimateGas", parameters, cancellationToken).ConfigureAwait(false),
            "eth_estimateGas");
    }

    /// <summary>Submits a signed transaction; returns the hash the node reports.</summary>
    public async Task<Bytes32> SendRawTransactionAsync(ReadOnlyMemory<byte> rawTransaction, CancellationToken cancellationToken = default) =>
        RpcJson.Hash(
            await RequestAsync("eth_sendRawTransaction", [Hex.Encode(rawTransaction.Span)], cancellationToken).ConfigureAwait(false),
            "eth_sendRawTransaction");

    /// <summary>Submits the transaction and checks the node reports the hash we computed, which would catch any encoding disagreement.</summary>
    public async Task<Bytes32> SendTransactionAsync(SignedEip1559Transaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var hash = await SendRawTransactionAsync(transaction.Encode(), cancellationToken).ConfigureAwait(false);
        return hash == transaction.Hash
            ? hash
            : throw new EthRpcProtocolException($"Node reported transaction hash {hash}, but the transaction hashes to {transaction.Hash}.");
    }

    /// <summary>The receipt, or null while the transaction is pending or unknown.</summary>
    public async Task<TransactionReceipt?> GetTransactionReceiptAsync(Bytes32 transactionHash, CancellationToken cancellationToken = default)
    {
        var result = await RequestAsync("eth_getTransactionReceipt", [transactionHash.ToString()], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : TransactionReceipt.FromJson(result);
    }

    /// <summary>Polls for the receipt until it exists; bound the wait with the cancellation token.</summary>
    public async Task<TransactionReceipt> WaitForReceiptAsync(Bytes32 transactionHash, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        var interval = pollInterval ?? TimeSpan.FromMilliseconds(500);
        while (true)
        {
            if (await GetTransactionReceiptAsync(transactionHash, cancellationToken).ConfigureAwait(false) is { } receipt)
                return receipt;
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<LogEntry>> GetLogsAsync(LogFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var result = await RequestAsync("eth_getLogs", [filter.ToJson()], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Array
            ? result.EnumerateArray().Select(LogEntry.FromJson).ToArray()
            : throw new EthRpcProtocolException("eth_getLogs did not return an array.");
    }

    /// <summary>The block header (without transactions), or null if there is no such block yet.</summary>
    public async Task<EthBlock?> GetBlockByNumberAsync(BlockTag block = default, CancellationToken cancellationToken = default)
    {
        var result = await RequestAsync("eth_getBlockByNumber", [block.ToString(), false], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : EthBlock.FromJson(result);
    }

    /// <summary>
    /// Any JSON-RPC method, for calls this client does not wrap (e.g. anvil_setBalance in tests).
    /// Returns the "result" member, detached from the response document.
    /// </summary>
    public async Task<JsonElement> RequestAsync(string method, JsonNode?[] parameters, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(parameters);
        cancellationToken.ThrowIfCancellationRequested();
        var id = Interlocked.Increment(ref _nextId);
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = method,
            ["params"] = new JsonArray(parameters.Select(p => p?.DeepClone()).ToArray()),
        };
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.ToJsonString()));
        content.Headers.ContentType = JsonMediaType;
        using var response = await _http.PostAsync(_endpoint, content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            // Not JSON at all: report the HTTP status if that is the real problem, else the garbage.
            response.EnsureSuccessStatusCode();
            throw new EthRpcProtocolException($"{method}: response is not JSON.", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new EthRpcProtocolException($"{method}: response is not a JSON-RPC object.");
            // An error object wins over the HTTP status: some nodes send JSON-RPC errors with 4xx/5xx.
            if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
                throw ToException(method, error);
            response.EnsureSuccessStatusCode();
            if (!root.TryGetProperty("id", out var responseId) || responseId.ValueKind != JsonValueKind.Number || responseId.GetInt64() != id)
                throw new EthRpcProtocolException($"{method}: response id does not match request id {id.ToString(CultureInfo.InvariantCulture)}.");
            if (!root.TryGetProperty("result", out var result))
                throw new EthRpcProtocolException($"{method}: response has neither result nor error.");
            return result.Clone();
        }
    }

    private static EthRpcException ToException(string method, JsonElement error)
    {
        var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out var n) ? n : 0;
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        JsonElement? data = error.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null ? d : null;
        return new EthRpcException(method, code, message, data);
    }
}
