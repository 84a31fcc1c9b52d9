using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Waterfall.Contracts;
using RatedUsage = Waterfall.Domain.Pricing.Rating.RatedUsage;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Mapping;
using C = Waterfall.Contracts;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Services;

/// <summary>
/// The wallet API: authenticate, read and validate the request, rate usage, call the wallet
/// grain of the caller's tenant, and map its answer. No rule about money lives here.
/// </summary>
public sealed partial class WalletApi(WalletGrains grains, TenantDirectory tenants, TenantRating rating, DebitBatches batches) : V1.WalletService.WalletServiceBase
{
    private static readonly TimeSpan DefaultHoldTtl = TimeSpan.FromMinutes(5);

    public override async Task<V1.Wallet> CreateWallet(V1.CreateWalletRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        var key = read.Id(request.IdempotencyKey, "idempotency_key");
        var settings = ReadSettings(read, request);
        read.ThrowIfInvalid();

        var wallet = grains.Get(caller.TenantId, walletId);
        Accepted(await wallet.Open(new OpenWallet(key, settings)));
        return ResponseWriter.Wallet(Accepted(await wallet.Get()));
    }

    public override async Task<V1.Wallet> GetWallet(V1.GetWalletRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        read.ThrowIfInvalid();
        return ResponseWriter.Wallet(Accepted(await grains.Get(caller.TenantId, walletId).Get()));
    }

    public override async Task<V1.GrantCreditsResponse> GrantCredits(V1.GrantCreditsRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        var key = read.Id(request.IdempotencyKey, "idempotency_key");
        var kind = string.IsNullOrEmpty(request.Kind) ? "purchased" : request.Kind;
        var defaultPriority = new Domain.Grants.GrantKind(kind).DefaultPriority;
        if (!Domain.Grants.GrantKind.IsValidCode(kind)) read.Violation("kind", "must be 1-32 lowercase letters or _");
        if (!request.HasPriority && defaultPriority is null) read.Violation("priority", $"is required for grant kind '{kind}'");
        if (request.Source?.Kind == V1.GrantSourceKind.X402Payment)
            read.Violation("source.kind", "x402 payment is the source of a top-up's grant only, credited by its settlement; grant with another source");
        var terms = new GrantTerms(
            kind,
            read.Amount(request.Amount, "amount"),
            request.HasPriority ? request.Priority : defaultPriority ?? 0,
            read.Time(request.EffectiveAt, "effective_at"),
            read.Time(request.ExpiresAt, "expires_at"),
            new GrantScope([.. request.Scope?.Metrics ?? []], [.. request.Scope?.Models ?? []], [.. request.Scope?.Providers ?? []]),
            (int)(request.Source?.Kind ?? V1.GrantSourceKind.Operator),
            read.OptionalText(request.Source?.Reference ?? "", "source.reference"),
            read.Decimal(request.CostBasis, "cost_basis"));
        var attribution = read.Attribution(request.Attribution);
        read.ThrowIfInvalid();

        var receipt = Accepted(await grains.Get(caller.TenantId, walletId).Grant(new C.GrantCredits(key, terms, attribution)), out var replayed);
        return new V1.GrantCreditsResponse { GrantId = receipt.Grant, Sequence = receipt.Sequence, Replayed = replayed };
    }

    public override async Task<V1.DebitResponse> Debit(V1.DebitRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Meter);
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        var key = read.Id(request.IdempotencyKey, "idempotency_key");
        var attribution = read.Attribution(request.Attribution);
        var (charge, rated) = await ReadChargeAsync(read, caller, request.Amount, request.Usage, ChargeFields.Charge);

        var receipt = Accepted(await grains.Get(caller.TenantId, walletId).Debit(new DebitWallet(key, charge, attribution)), out var replayed);
        var response = new V1.DebitResponse { Sequence = receipt.Sequence, Coverage = ResponseWriter.Coverage(receipt.Coverage), Replayed = replayed, Rated = ResponseWriter.Rated(rated) };
        response.AvailableAfter.AddRange(receipt.AvailableAfter.Select(ResponseWriter.Amount));
        return response;
    }

    public override async Task<V1.DebitBatchResponse> DebitBatch(V1.DebitBatchRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Meter);
        if (DebitBatches.CheckSize(request.Debits.Count) is { } tooLarge) throw RpcErrors.From(tooLarge);
        var response = new V1.DebitBatchResponse();
        response.Results.AddRange(await batches.DebitAsync(caller.TenantId, request.Debits));
        return response;
    }

    public override async Task<V1.AuthorizeResponse> Authorize(V1.AuthorizeRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Meter);
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        var key = read.Id(request.IdempotencyKey, "idempotency_key");
        var ttl = read.Ttl(request.Ttl, "ttl", DefaultHoldTtl);
        var attribution = read.Attribution(request.Attribution);
        var (estimate, rated) = await ReadChargeAsync(read, caller, request.Amount, request.Usage, ChargeFields.Estimate);

        var receipt = Accepted(await grains.Get(caller.TenantId, walletId).Authorize(new AuthorizeHold(key, estimate, ttl, attribution)), out var replayed);
        return new V1.AuthorizeResponse
        {
            HoldId = receipt.Hold,
            Sequence = receipt.Sequence,
            Reserved = ResponseWriter.Coverage(receipt.Reserved),
            ExpiresAt = Timestamp.FromDateTimeOffset(receipt.ExpiresAt),
            Replayed = replayed,
            Rated = ResponseWriter.Rated(rated),
        };
    }

    public override async Task<V1.CaptureResponse> Capture(V1.CaptureRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Meter);
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        var key = read.Id(request.IdempotencyKey, "idempotency_key");
        var hold = read.Id(request.HoldId, "hold_id");
        var attribution = read.Attribution(request.Attribution);
        var (actual, rated) = await ReadChargeAsync(read, caller, request.Amount, request.Usage, ChargeFields.Actual);

        var receipt = Accepted(await grains.Get(caller.TenantId, walletId).Capture(new CaptureHold(key, hold, actual, attribution)), out var replayed);
        var response = new V1.CaptureResponse
        {
            Sequence = receipt.Sequence,
            HoldId = receipt.Hold,
            Captured = ResponseWriter.Coverage(receipt.Captured),
            OverageReleased = receipt.OverageReleased,
            Replayed = replayed,
            Rated = ResponseWriter.Rated(rated),
        };
        response.Released.AddRange(receipt.Released.Select(ResponseWriter.Draw));
        response.AvailableAfter.AddRange(receipt.AvailableAfter.Select(ResponseWriter.Amount));
        return response;
    }

    public override async Task<V1.VoidResponse> Void(V1.VoidRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Meter);
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        var key = read.Id(request.IdempotencyKey, "idempotency_key");
        var hold = read.Id(request.HoldId, "hold_id");
        read.ThrowIfInvalid();

        var receipt = Accepted(await grains.Get(caller.TenantId, walletId).Void(new VoidHold(key, hold)), out var replayed);
        var response = new V1.VoidResponse { Sequence = receipt.Sequence, HoldId = receipt.Hold, Replayed = replayed };
        response.Released.AddRange(receipt.Released.Select(ResponseWriter.Draw));
        return response;
    }

    public override async Task<V1.ExtendHoldResponse> ExtendHold(V1.ExtendHoldRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Meter);
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        var key = read.Id(request.IdempotencyKey, "idempotency_key");
        var hold = read.Id(request.HoldId, "hold_id");
        if (request.Ttl is null) read.Violation("ttl", "is required");
        var ttl = read.Ttl(request.Ttl, "ttl", DefaultHoldTtl);
        read.ThrowIfInvalid();

        var receipt = Accepted(await grains.Get(caller.TenantId, walletId).Extend(new C.ExtendHold(key, hold, ttl)), out var replayed);
        return new V1.ExtendHoldResponse { Sequence = receipt.Sequence, HoldId = receipt.Hold, ExpiresAt = Timestamp.FromDateTimeOffset(receipt.ExpiresAt), Replayed = replayed };
    }

    public override async Task<V1.GrowHoldResponse> GrowHold(V1.GrowHoldRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Meter);
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        var key = read.Id(request.IdempotencyKey, "idempotency_key");
        var hold = read.Id(request.HoldId, "hold_id");
        var ttl = request.HasTtlSeconds ? read.TtlSeconds(request.TtlSeconds, "ttl_seconds") : (TimeSpan?)null;
        var (additional, rated) = await ReadChargeAsync(read, caller, request.Amount, request.Usage, ChargeFields.Additional);

        var receipt = Accepted(await grains.Get(caller.TenantId, walletId).Grow(new C.GrowHold(key, hold, additional, ttl)), out var replayed);
        return new V1.GrowHoldResponse
        {
            HoldId = receipt.Hold,
            Sequence = receipt.Sequence,
            Added = ResponseWriter.Coverage(receipt.Added),
            Reserved = ResponseWriter.Coverage(receipt.Reserved),
            ExpiresAt = Timestamp.FromDateTimeOffset(receipt.ExpiresAt),
            Replayed = replayed,
            Rated = ResponseWriter.Rated(rated),
        };
    }

    public override async Task<V1.ListLedgerResponse> ListLedger(V1.ListLedgerRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        var pageSize = request.PageSize == 0 ? 100 : request.PageSize;
        if (pageSize is < 1 or > 1000) read.Violation("page_size", "must be between 1 and 1000");
        if (request.AfterSequence < 0) read.Violation("after_sequence", "must not be negative");
        read.ThrowIfInvalid();

        var page = Accepted(await grains.Get(caller.TenantId, walletId).ListLedger(request.AfterSequence, pageSize));
        var response = new V1.ListLedgerResponse { NextAfterSequence = page.NextAfterSequence ?? 0 };
        response.Transactions.AddRange(page.Transactions.Select(ResponseWriter.Transaction));
        return response;
    }

    /// <summary>The names a charge's fields are refused under, made once rather than on every call.</summary>
    private sealed record ChargeFields(string Name)
    {
        public static readonly ChargeFields Charge = new("charge"), Estimate = new("estimate"), Actual = new("actual"), Additional = new("additional");
        public string Amount { get; } = Name + ".amount";
        public string Metric { get; } = Name + ".metric";
        public string Model { get; } = Name + ".model";
        public string Provider { get; } = Name + ".provider";
        public string Usage { get; } = Name + ".usage";
    }

    /// <summary>An amount as given, or a usage rated through the tenant's catalog (an unknown model is refused here).</summary>
    private async ValueTask<(C.Charge Charge, RatedUsage? Rated)> ReadChargeAsync(RequestReader read, Caller caller, V1.AmountCharge? amount, V1.LlmUsage? usage, ChargeFields field)
    {
        if (amount is not null)
        {
            var charge = new C.Charge(read.Amount(amount.Amount, field.Amount),
                new ChargeContext(read.OptionalText(amount.Metric, field.Metric, 128), read.OptionalText(amount.Model, field.Model, 128), read.OptionalText(amount.Provider, field.Provider, 128)),
                null, null);
            read.ThrowIfInvalid();
            return (charge, null);
        }
        if (usage is null)
        {
            read.Violation(field.Name, "is required: an amount or an LLM usage");
            read.ThrowIfInvalid();
        }
        var llmUsage = read.Usage(usage!, field.Usage);
        read.ThrowIfInvalid();
        var result = (await rating.ForAsync(caller.TenantId)).Rate(llmUsage);
        if (result.Refusal is { } refusal) throw RpcErrors.From(refusal);
        return (new C.Charge(null, null, result.Rated!.ToContract(), null), result.Rated);
    }

    private static C.WalletSettings ReadSettings(RequestReader read, V1.CreateWalletRequest request)
    {
        var mode = request.BillingMode switch
        {
            V1.BillingMode.Unspecified or V1.BillingMode.Prepaid => 0,
            V1.BillingMode.Postpaid => 1,
            V1.BillingMode.Hybrid => 2,
            _ => -1,
        };
        if (mode < 0) read.Violation("billing_mode", "is not a billing mode");
        if (mode == 2 && request.OverageLimit <= 0) read.Violation("overage_limit", "HYBRID needs a positive overage limit");
        if (request.OverageLimit < 0 || request.OverageLimit > Domain.Money.Amount.MaxValue) read.Violation("overage_limit", "is out of range");
        var policy = request.Policy ?? new V1.SpendPolicy();
        if (policy.AllowedModels.Any(string.IsNullOrWhiteSpace)) read.Violation("policy.allowed_models", "must not contain empty entries");
        return new C.WalletSettings(mode, request.OverageLimit,
            policy.HasPerRequestCap ? read.Nanos(policy.PerRequestCap, "policy.per_request_cap") : null,
            policy.HasDailyBudget ? read.Nanos(policy.DailyBudget, "policy.daily_budget") : null,
            policy.HasMonthlyBudget ? read.Nanos(policy.MonthlyBudget, "policy.monthly_budget") : null,
            [.. policy.AllowedModels],
            read.OptionalId(request.CustomerId, "customer_id"),
            policy.HasLowBalanceThreshold ? read.Nanos(policy.LowBalanceThreshold, "policy.low_balance_threshold") : null);
    }

    private static T Accepted<T>(Reply<T> reply) where T : class => Accepted(reply, out _);

    private static T Accepted<T>(Reply<T> reply, out bool replayed) where T : class
    {
        if (reply.Receipt is { } receipt)
        {
            replayed = reply.Replayed;
            return receipt;
        }
        throw RpcErrors.From(reply.Refusal!);
    }
}
