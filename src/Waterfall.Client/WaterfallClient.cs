using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Waterfall.Api.V1;

namespace Waterfall.Client;

/// <summary>
/// Typed async access to Waterfall's gRPC API. Every mutating call takes an optional idempotency
/// key; when none is given the client makes one per call and reuses it on every retry, so a
/// transient failure never charges twice.
/// </summary>
/// <remarks>Partial: each bounded context's calls (plans, finance, events...) live in their own
/// <c>WaterfallClient.Context.cs</c> file, with their service client made from <see cref="_connection"/>.</remarks>
public sealed partial class WaterfallClient : IDisposable
{
    private readonly GrpcChannel? _channel;
    /// <summary>The channel every service client is made from (owned or not).</summary>
    private readonly GrpcChannel _connection;
    private readonly WalletService.WalletServiceClient _wallets;
    private readonly PricingService.PricingServiceClient _pricing;
    private readonly KeyService.KeyServiceClient _keys;
    private readonly Metadata _headers;
    private readonly WaterfallClientOptions _options;

    public WaterfallClient(Uri address, string apiKey, WaterfallClientOptions? options = null)
        : this(GrpcChannel.ForAddress(address), apiKey, options, ownsChannel: true) { }

    public WaterfallClient(GrpcChannel channel, string apiKey, WaterfallClientOptions? options = null)
        : this(channel, apiKey, options, ownsChannel: false) { }

    private WaterfallClient(GrpcChannel channel, string apiKey, WaterfallClientOptions? options, bool ownsChannel)
    {
        _channel = ownsChannel ? channel : null;
        _connection = channel;
        _wallets = new WalletService.WalletServiceClient(channel);
        _pricing = new PricingService.PricingServiceClient(channel);
        _keys = new KeyService.KeyServiceClient(channel);
        _headers = new Metadata { { "authorization", $"Bearer {apiKey}" } };
        _options = options ?? new WaterfallClientOptions();
    }

    public Task<Wallet> CreateWalletAsync(string walletId, BillingMode billingMode = BillingMode.Prepaid, long overageLimit = 0,
        SpendPolicy? policy = null, string? customerId = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var request = new CreateWalletRequest
        {
            WalletId = walletId, IdempotencyKey = idempotencyKey ?? NewKey(), BillingMode = billingMode, OverageLimit = overageLimit,
            Policy = policy ?? new SpendPolicy(), CustomerId = customerId ?? "",
        };
        return Call((o, r) => _wallets.CreateWalletAsync(r, o), request, cancellationToken);
    }

    public Task<Wallet> GetWalletAsync(string walletId, CancellationToken cancellationToken = default) =>
        Call((o, r) => _wallets.GetWalletAsync(r, o), new GetWalletRequest { WalletId = walletId }, cancellationToken);

    public Task<GrantCreditsResponse> GrantCreditsAsync(string walletId, Amount amount, string kind = "purchased",
        DateTimeOffset? expiresAt = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var request = new GrantCreditsRequest
        {
            WalletId = walletId, IdempotencyKey = idempotencyKey ?? NewKey(), Kind = kind, Amount = amount,
            ExpiresAt = expiresAt is { } e ? Timestamp.FromDateTimeOffset(e) : null,
        };
        return GrantCreditsAsync(request, cancellationToken);
    }

    /// <summary>The full grant request (scope, priority, source, cost basis); an empty idempotency key is filled in.</summary>
    public Task<GrantCreditsResponse> GrantCreditsAsync(GrantCreditsRequest request, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(request.IdempotencyKey)) request.IdempotencyKey = NewKey();
        return Call((o, r) => _wallets.GrantCreditsAsync(r, o), request, cancellationToken);
    }

    /// <summary>Charges an LLM call's usage, rated through the price catalog.</summary>
    public Task<DebitResponse> DebitAsync(string walletId, LlmUsage usage, string? idempotencyKey = null, Attribution? attribution = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => _wallets.DebitAsync(r, o),
            new DebitRequest { WalletId = walletId, IdempotencyKey = idempotencyKey ?? NewKey(), Usage = usage, Attribution = attribution }, cancellationToken);

    /// <summary>Charges a plain amount.</summary>
    public Task<DebitResponse> DebitAsync(string walletId, Amount amount, string? idempotencyKey = null, Attribution? attribution = null, string? model = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => _wallets.DebitAsync(r, o),
            new DebitRequest { WalletId = walletId, IdempotencyKey = idempotencyKey ?? NewKey(), Amount = new AmountCharge { Amount = amount, Model = model ?? "" }, Attribution = attribution }, cancellationToken);

    /// <summary>
    /// Up to 1,000 debits in one call (each a <see cref="DebitRequest"/>, as for <c>DebitAsync</c>; an empty
    /// idempotency key is filled in). One result per debit, in order: <c>Accepted</c>, <c>Replayed</c>, or
    /// <c>Refused</c> with the reason a single debit would have failed with; a refused debit never fails the
    /// others. Only a problem with the whole call throws (e.g. BATCH_TOO_LARGE); retries resend the same keys.
    /// </summary>
    public async Task<IReadOnlyList<DebitBatchResult>> DebitBatchAsync(IEnumerable<DebitRequest> debits, CancellationToken cancellationToken = default)
    {
        var request = new DebitBatchRequest();
        foreach (var debit in debits)
        {
            if (string.IsNullOrEmpty(debit.IdempotencyKey)) debit.IdempotencyKey = NewKey();
            request.Debits.Add(debit);
        }
        var response = await Call((o, r) => _wallets.DebitBatchAsync(r, o), request, cancellationToken);
        return response.Results;
    }

    public Task<AuthorizeResponse> AuthorizeAsync(string walletId, LlmUsage estimate, TimeSpan? ttl = null, string? idempotencyKey = null, Attribution? attribution = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => _wallets.AuthorizeAsync(r, o),
            new AuthorizeRequest { WalletId = walletId, IdempotencyKey = idempotencyKey ?? NewKey(), Usage = estimate, Ttl = Ttl(ttl), Attribution = attribution }, cancellationToken);

    public Task<AuthorizeResponse> AuthorizeAsync(string walletId, Amount estimate, TimeSpan? ttl = null, string? idempotencyKey = null, Attribution? attribution = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => _wallets.AuthorizeAsync(r, o),
            new AuthorizeRequest { WalletId = walletId, IdempotencyKey = idempotencyKey ?? NewKey(), Amount = new AmountCharge { Amount = estimate }, Ttl = Ttl(ttl), Attribution = attribution }, cancellationToken);

    public Task<CaptureResponse> CaptureAsync(string walletId, string holdId, LlmUsage actual, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => _wallets.CaptureAsync(r, o),
            new CaptureRequest { WalletId = walletId, HoldId = holdId, IdempotencyKey = idempotencyKey ?? NewKey(), Usage = actual }, cancellationToken);

    public Task<CaptureResponse> CaptureAsync(string walletId, string holdId, Amount actual, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => _wallets.CaptureAsync(r, o),
            new CaptureRequest { WalletId = walletId, HoldId = holdId, IdempotencyKey = idempotencyKey ?? NewKey(), Amount = new AmountCharge { Amount = actual } }, cancellationToken);

    public Task<VoidResponse> VoidAsync(string walletId, string holdId, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => _wallets.VoidAsync(r, o),
            new VoidRequest { WalletId = walletId, HoldId = holdId, IdempotencyKey = idempotencyKey ?? NewKey() }, cancellationToken);

    public Task<ExtendHoldResponse> ExtendHoldAsync(string walletId, string holdId, TimeSpan ttl, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => _wallets.ExtendHoldAsync(r, o),
            new ExtendHoldRequest { WalletId = walletId, HoldId = holdId, IdempotencyKey = idempotencyKey ?? NewKey(), Ttl = Duration.FromTimeSpan(ttl) }, cancellationToken);

    /// <summary>Reserves more for an open hold, priced from the additional usage (e.g. the next slice of a streamed response).</summary>
    /// <param name="ttl">When given, the hold lives at least this long from now (in whole seconds, rounded up).</param>
    public Task<GrowHoldResponse> GrowHoldAsync(string walletId, string holdId, LlmUsage additional, TimeSpan? ttl = null, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        GrowHoldAsync(WithTtl(new GrowHoldRequest { WalletId = walletId, HoldId = holdId, IdempotencyKey = idempotencyKey ?? NewKey(), Usage = additional }, ttl), cancellationToken);

    /// <summary>Reserves a further amount for an open hold; <paramref name="model"/> must be the hold's.</summary>
    /// <param name="ttl">When given, the hold lives at least this long from now (in whole seconds, rounded up).</param>
    public Task<GrowHoldResponse> GrowHoldAsync(string walletId, string holdId, Amount additional, TimeSpan? ttl = null, string? idempotencyKey = null, string? model = null, CancellationToken cancellationToken = default) =>
        GrowHoldAsync(WithTtl(new GrowHoldRequest { WalletId = walletId, HoldId = holdId, IdempotencyKey = idempotencyKey ?? NewKey(), Amount = new AmountCharge { Amount = additional, Model = model ?? "" } }, ttl), cancellationToken);

    /// <summary>The full growth request; an empty idempotency key is filled in.</summary>
    public Task<GrowHoldResponse> GrowHoldAsync(GrowHoldRequest request, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(request.IdempotencyKey)) request.IdempotencyKey = NewKey();
        return Call((o, r) => _wallets.GrowHoldAsync(r, o), request, cancellationToken);
    }

    private static GrowHoldRequest WithTtl(GrowHoldRequest request, TimeSpan? ttl)
    {
        if (ttl is { } t) request.TtlSeconds = (t.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
        return request;
    }

    /// <summary>The wallet's ledger, oldest first, fetched page by page.</summary>
    public async IAsyncEnumerable<LedgerTransaction> ListLedgerAsync(string walletId, long afterSequence = 0, int pageSize = 100,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var page = await Call((o, r) => _wallets.ListLedgerAsync(r, o),
                new ListLedgerRequest { WalletId = walletId, AfterSequence = afterSequence, PageSize = pageSize }, cancellationToken);
            foreach (var transaction in page.Transactions) yield return transaction;
            if (page.NextAfterSequence == 0) yield break;
            afterSequence = page.NextAfterSequence;
        }
    }

    public Task<RatedUsage> QuoteAsync(LlmUsage usage, CancellationToken cancellationToken = default) =>
        Call((o, r) => _pricing.QuoteUsageAsync(r, o), new QuoteUsageRequest { Usage = usage }, cancellationToken);

    public async IAsyncEnumerable<ModelPrice> ListModelsAsync(string? provider = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var token = "";
        do
        {
            var page = await Call((o, r) => _pricing.ListModelsAsync(r, o),
                new ListModelsRequest { Provider = provider ?? "", PageSize = 500, PageToken = token }, cancellationToken);
            foreach (var model in page.Models) yield return model;
            token = page.NextPageToken;
        } while (token.Length > 0);
    }

    /// <summary>
    /// A wallet key for an existing wallet (admin scope). The answer's <c>Secret</c> is the whole key
    /// (<c>wf_wk_…</c>) to give an OpenAI/Anthropic SDK pointed at the gateway; it is never shown again.
    /// A retry after a transient failure may leave an extra, unused key behind: list and revoke it.
    /// </summary>
    public Task<WalletKey> CreateWalletKeyAsync(string walletId, string? name = null, string? agentId = null,
        IEnumerable<string>? allowedModels = null, Amount? perRequestCap = null, CancellationToken cancellationToken = default)
    {
        var request = new CreateWalletKeyRequest { WalletId = walletId, Name = name ?? "", AgentId = agentId ?? "", PerRequestCap = perRequestCap };
        request.AllowedModels.AddRange(allowedModels ?? []);
        return Call((o, r) => _keys.CreateWalletKeyAsync(r, o), request, cancellationToken);
    }

    /// <summary>The wallet's keys, revoked ones included, oldest first, without secrets.</summary>
    public async Task<IReadOnlyList<WalletKey>> ListWalletKeysAsync(string walletId, CancellationToken cancellationToken = default) =>
        (await Call((o, r) => _keys.ListWalletKeysAsync(r, o), new ListWalletKeysRequest { WalletId = walletId }, cancellationToken)).Keys;

    /// <summary>Revokes a wallet key: it stops working at once. Revoking a revoked key answers it again.</summary>
    public Task<WalletKey> RevokeWalletKeyAsync(string walletId, string keyId, CancellationToken cancellationToken = default) =>
        Call((o, r) => _keys.RevokeWalletKeyAsync(r, o), new RevokeWalletKeyRequest { WalletId = walletId, KeyId = keyId }, cancellationToken);

    public void Dispose() => _channel?.Dispose();

    private static string NewKey() => $"sdk-{Guid.NewGuid():N}";

    private static Duration? Ttl(TimeSpan? ttl) => ttl is { } t ? Duration.FromTimeSpan(t) : null;

    /// <summary>One logical call: the same request (and so the same idempotency key) on every attempt.</summary>
    private async Task<TResponse> Call<TRequest, TResponse>(Func<CallOptions, TRequest, AsyncUnaryCall<TResponse>> send, TRequest request, CancellationToken cancellationToken)
    {
        var backoff = _options.InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            var deadline = _options.AttemptTimeout is { } timeout ? DateTime.UtcNow + timeout : (DateTime?)null;
            try
            {
                return await send(new CallOptions(_headers, deadline, cancellationToken), request);
            }
            catch (RpcException ex)
            {
                var error = new WaterfallException(ex);
                if (!error.IsRetryable || attempt >= _options.MaxAttempts || cancellationToken.IsCancellationRequested) throw error;
            }
            await Task.Delay(backoff, cancellationToken);
            backoff *= 2;
        }
    }
}
