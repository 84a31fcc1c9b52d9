using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Waterfall.Client;

namespace Waterfall.LoadGen.Scenarios;

/// <summary>
/// LLM calls over HTTP, as an OpenAI SDK makes them (<c>POST /v1/chat/completions</c>, streamed or not): through the
/// gateway, each charged to a wallet named by <c>X-Waterfall-Wallet</c> under the operation's <c>Idempotency-Key</c>;
/// or, with <see cref="LoadOptions.Direct"/>, the same request straight to the provider, as the reference.
/// Latency is to the answer's last byte; the first byte's time is reported too. The audit counts the wallet's
/// captures: one per call, every call.
/// </summary>
public sealed class GatewayCallScenario : IFirstByteScenario, IDisposable
{
    /// <summary>Enough for any run: USD 10,000,000 per wallet.</summary>
    private const long Funding = 10_000_000_000_000_000;

    private static readonly byte[] StreamEnd = "data: [DONE]"u8.ToArray();

    private readonly LoadOptions _options;
    private readonly IReadOnlyList<string> _wallets;
    private readonly Connection _admin;
    private readonly bool _stream;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly byte[] _body;
    private readonly Version _version;
    private readonly HttpVersionPolicy _versionPolicy;
    private long _calls, _failed;

    public GatewayCallScenario(LoadOptions options, IReadOnlyList<string> wallets, Connection admin, bool stream)
    {
        _options = options;
        _wallets = wallets;
        _admin = admin;
        _stream = stream;
        var http2 = options.HttpVersion == "2";
        _version = http2 ? HttpVersion.Version20 : HttpVersion.Version11;
        // Cleartext HTTP/2 is only spoken with prior knowledge: exact, or the client falls back to HTTP/1.1.
        _versionPolicy = http2 ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower;
        _http = new HttpClient(new SocketsHttpHandler
        {
            // HTTP/1.1: one connection per concurrent agent, as many SDK clients in one process would open.
            MaxConnectionsPerServer = int.MaxValue,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { Timeout = TimeSpan.FromSeconds(60) };
        _endpoint = new Uri(new Uri(options.LlmUrl!.ToString().TrimEnd('/') + "/"), "v1/chat/completions");
        _body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["model"] = options.Model,
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = options.Prompt } },
            ["stream"] = stream,
        });
    }

    public string Name => (_stream ? "gateway-stream" : "gateway-chat") + (_options.Direct ? "-direct" : "");

    /// <summary>Calls started so far, warm-up included: each must be charged once.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    public async Task SetupAsync(CancellationToken cancellationToken)
    {
        if (_options.Direct) return;
        foreach (var wallet in _wallets)
        {
            await _admin.Waterfall.CreateWalletAsync(wallet, idempotencyKey: $"open-{wallet}", cancellationToken: cancellationToken);
            await _admin.Waterfall.GrantCreditsAsync(wallet, Amounts.Nanos(Funding), idempotencyKey: $"fund-{wallet}", cancellationToken: cancellationToken);
        }
    }

    public async Task<string?> RunAsync(Connection connection, string walletId, string key, CancellationToken cancellationToken) =>
        (await RunTimedAsync(connection, walletId, key, cancellationToken)).Error;

    public async Task<(string? Error, long FirstByte)> RunTimedAsync(Connection connection, string walletId, string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var (error, firstByte) = await CallAsync(walletId, key, cancellationToken);
        if (error is not null) Interlocked.Increment(ref _failed);
        return (error, firstByte);
    }

    private async Task<(string? Error, long FirstByte)> CallAsync(string walletId, string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Version = _version,
            VersionPolicy = _versionPolicy,
            Content = new ByteArrayContent(_body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.LlmKey ?? _options.ApiKey);
        if (!_options.Direct)
        {
            request.Headers.Add("X-Waterfall-Wallet", walletId);
            request.Headers.Add("Idempotency-Key", key);
        }
        var buffer = ArrayPool<byte>.Shared.Rent(8 * 1024);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
                return ($"HTTP_{(int)response.StatusCode}", 0);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            long firstByte = 0;
            var tail = new Tail(StreamEnd.Length + 16);
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (firstByte == 0) firstByte = Stopwatch.GetTimestamp();
                tail.Add(buffer.AsSpan(0, read));
            }
            if (_stream && !tail.Contains(StreamEnd)) return ("STREAM_INCOMPLETE", firstByte);
            if (!_stream && !_options.Direct && !response.Headers.Contains("X-Waterfall-Cost")) return ("NOT_METERED", firstByte);
            return (null, firstByte);
        }
        catch (HttpRequestException)
        {
            return ("CONNECTION_FAILED", 0);
        }
        catch (IOException)
        {
            return ("CONNECTION_CUT", 0);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ("TIMEOUT", 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<AuditResult> AuditAsync(IReadOnlyDictionary<string, List<string>> acknowledgedKeysByWallet, CancellationToken cancellationToken)
    {
        var calls = Calls;
        var failed = Interlocked.Read(ref _failed);
        if (_options.Direct)
            return new AuditResult(failed == 0, $"direct to the provider, nothing charged; {calls - failed:N0} of {calls:N0} calls answered 200 in full", Calls: calls);

        var problems = new List<string>();
        long captured = 0;
        foreach (var wallet in _wallets)
        {
            var captures = new Dictionary<string, int>();
            await foreach (var t in _admin.Waterfall.ListLedgerAsync(wallet, pageSize: 1000, cancellationToken: cancellationToken))
            {
                if (t.Postings.GroupBy(p => p.Amount.Unit).Any(g => g.Sum(p => p.Amount.Value) != 0))
                    problems.Add($"{wallet}: transaction {t.Sequence} does not balance");
                if (t.Kind == "HoldCaptured" && t.Attribution?.RequestId is { } id && id.StartsWith(_options.RunId, StringComparison.Ordinal))
                    captures[id] = captures.GetValueOrDefault(id) + 1;
            }
            captured += captures.Values.Sum();
            var acknowledged = acknowledgedKeysByWallet.TryGetValue(wallet, out var keys) ? keys : [];
            var uncaptured = acknowledged.Count(k => !captures.ContainsKey(k));
            var twice = captures.Count(c => c.Value > 1);
            if (uncaptured > 0) problems.Add($"{wallet}: {uncaptured} answered calls have no capture");
            if (twice > 0) problems.Add($"{wallet}: {twice} calls captured more than once");
        }
        if (failed > 0) problems.Add($"{failed:N0} calls were not answered 200 in full");
        if (captured != calls) problems.Add($"{captured:N0} captures for {calls:N0} calls");
        var summary = new StringBuilder($"charged {captured:N0} of {calls:N0} calls");
        if (problems.Count > 0) summary.Append(": ").AppendJoin("; ", problems.Take(10));
        else summary.Append(", each exactly once, every transaction balanced");
        return new AuditResult(problems.Count == 0, summary.ToString(), captured, calls);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The last bytes of an answer, to see how it ended without keeping all of it.</summary>
    private sealed class Tail(int size)
    {
        private readonly byte[] _bytes = new byte[size];
        private int _length;

        public void Add(ReadOnlySpan<byte> data)
        {
            if (data.Length >= _bytes.Length)
            {
                data[^_bytes.Length..].CopyTo(_bytes);
                _length = _bytes.Length;
                return;
            }
            var keep = Math.Min(_length, _bytes.Length - data.Length);
            _bytes.AsSpan(_length - keep, keep).CopyTo(_bytes);
            data.CopyTo(_bytes.AsSpan(keep));
            _length = keep + data.Length;
        }

        public bool Contains(ReadOnlySpan<byte> value) => _bytes.AsSpan(0, _length).IndexOf(value) >= 0;
    }
}
