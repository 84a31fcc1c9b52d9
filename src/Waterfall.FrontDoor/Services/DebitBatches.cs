using Microsoft.Extensions.Logging;
using Waterfall.Contracts;
using Waterfall.Domain;
using FieldViolation = Waterfall.Domain.FieldViolation;
using Refusal = Waterfall.Domain.Refusal;
using Waterfall.FrontDoor.Mapping;
using C = Waterfall.Contracts;
using RatedUsage = Waterfall.Domain.Pricing.Rating.RatedUsage;
using UsageRater = Waterfall.Domain.Pricing.Rating.UsageRater;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Services;

/// <summary>
/// Many debits in one request, each with its own idempotency key and its own result. Every debit is
/// read and rated on its own (a malformed one is refused alone); the rest are grouped by wallet, and
/// each wallet's share goes to its grain in one call, which decides it in request order in one turn
/// and makes it durable in one journal append. Shares of different wallets run concurrently. Shared by
/// gRPC <c>DebitBatch</c>, <c>POST /v1/wallets/debits:batch</c> and the CloudEvents ingestion endpoint.
/// </summary>
public sealed partial class DebitBatches(WalletGrains grains, TenantRating rating, ILogger<DebitBatches> logger)
{
    /// <summary>At most this many debits (or events) in one request; more is refused whole with BATCH_TOO_LARGE.</summary>
    public const int MaxDebits = 1_000;

    /// <summary>The reason of an item whose wallet failed in a way no refusal describes; retrying it with the same key is safe.</summary>
    public const string InternalReason = "INTERNAL";

    /// <summary>The refusal of a whole request that carries too many debits; null when it is within the limit.</summary>
    public static Refusal? CheckSize(int count) => count <= MaxDebits
        ? null
        : Refusal.Of(Reasons.BatchTooLarge, $"A batch holds at most {MaxDebits:N0} debits; this one has {count:N0}. Nothing was debited.",
            new Dictionary<string, string> { ["max_debits"] = MaxDebits.ToString(System.Globalization.CultureInfo.InvariantCulture), ["debits"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>One result per debit, in request order. Call <see cref="CheckSize"/> first.</summary>
    public async Task<V1.DebitBatchResult[]> DebitAsync(string tenantId, IReadOnlyList<V1.DebitRequest> debits)
    {
        var results = new V1.DebitBatchResult[debits.Count];
        var items = new Item?[debits.Count];
        var shares = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var rater = await rating.ForAsync(tenantId); // one pricing version rates the whole batch
        for (var i = 0; i < debits.Count; i++)
        {
            var (item, refusal) = Read(rater, debits[i]);
            if (refusal is not null)
            {
                results[i] = Refused(refusal.Reason, refusal.Message, refusal.Metadata, refusal.Violations.Select(v => (v.Field, v.Description)));
                continue;
            }
            items[i] = item;
            if (!shares.TryGetValue(item!.WalletId, out var share)) shares[item.WalletId] = share = [];
            share.Add(i);
        }

        await Task.WhenAll(shares.Select(share => DebitShareAsync(tenantId, share.Key, share.Value, items, results)));
        return results;
    }

    private async Task DebitShareAsync(string tenantId, string walletId, List<int> indexes, Item?[] items, V1.DebitBatchResult[] results)
    {
        Reply<DebitReceipt>[] replies;
        try
        {
            replies = await grains.Get(tenantId, walletId).DebitBatch([.. indexes.Select(i => items[i]!.Command)]);
        }
        catch (WalletUnavailableException ex)
        {
            foreach (var i in indexes) results[i] = Refused(Reasons.StoreUnavailable, ex.Message, null, []);
            return;
        }
        catch (Exception ex)
        {
            // One wallet's failure must not fail the other wallets' debits; a retry with the same keys is safe.
            LogShareFailed(logger, walletId, ex);
            foreach (var i in indexes)
                results[i] = Refused(InternalReason, "An unexpected error occurred; retry this debit with the same idempotency key.", null, []);
            return;
        }
        for (var j = 0; j < indexes.Count; j++)
        {
            var i = indexes[j];
            var reply = replies[j];
            results[i] = reply.Receipt is { } receipt
                ? reply.Replayed
                    ? new V1.DebitBatchResult { Replayed = Response(receipt, items[i]!.Rated, replayed: true) }
                    : new V1.DebitBatchResult { Accepted = Response(receipt, items[i]!.Rated, replayed: false) }
                : Refused(reply.Refusal!.Reason, reply.Refusal.Message, reply.Refusal.Metadata, reply.Refusal.Violations.Select(v => (v.Field, v.Description)));
        }
    }

    /// <summary>A debit read exactly as a single <c>Debit</c> reads it, but refused instead of thrown.</summary>
    private static (Item? Item, Refusal? Refusal) Read(UsageRater rater, V1.DebitRequest? request)
    {
        if (request is null) return (null, Refusal.Invalid(new FieldViolation("debit", "is required")));
        var read = new RequestReader();
        var walletId = read.Id(request.WalletId, "wallet_id");
        var key = read.Id(request.IdempotencyKey, "idempotency_key");
        var attribution = read.Attribution(request.Attribution);
        switch (request.ChargeCase)
        {
            case V1.DebitRequest.ChargeOneofCase.Amount:
                var amount = request.Amount;
                var charge = new C.Charge(read.Amount(amount.Amount, "charge.amount"),
                    new ChargeContext(read.OptionalText(amount.Metric, "charge.metric", 128), read.OptionalText(amount.Model, "charge.model", 128), read.OptionalText(amount.Provider, "charge.provider", 128)),
                    null, null);
                return read.Refusal() is { } invalid ? (null, invalid) : (new Item(walletId, new DebitWallet(key, charge, attribution), null), null);
            case V1.DebitRequest.ChargeOneofCase.Usage:
                var usage = read.Usage(request.Usage, "charge.usage");
                if (read.Refusal() is { } malformed) return (null, malformed);
                var rated = rater.Rate(usage);
                if (rated.Refusal is { } refusal) return (null, refusal);
                return (new Item(walletId, new DebitWallet(key, new C.Charge(null, null, rated.Rated!.ToContract(), null), attribution), rated.Rated), null);
            default:
                read.Violation("charge", "is required: an amount or an LLM usage");
                return (null, read.Refusal());
        }
    }

    private static V1.DebitResponse Response(DebitReceipt receipt, RatedUsage? rated, bool replayed)
    {
        var response = new V1.DebitResponse { Sequence = receipt.Sequence, Coverage = ResponseWriter.Coverage(receipt.Coverage), Replayed = replayed, Rated = ResponseWriter.Rated(rated) };
        response.AvailableAfter.AddRange(receipt.AvailableAfter.Select(ResponseWriter.Amount));
        return response;
    }

    internal static V1.DebitBatchResult Refused(string reason, string message, IReadOnlyDictionary<string, string>? metadata, IEnumerable<(string Field, string Description)> violations)
    {
        var refused = new V1.DebitRefusal { Reason = reason, Message = message };
        if (metadata is not null) foreach (var (key, value) in metadata) refused.Metadata[key] = value;
        refused.FieldViolations.AddRange(violations.Select(v => new V1.FieldViolation { Field = v.Field, Description = v.Description }));
        return new V1.DebitBatchResult { Refused = refused };
    }

    private sealed record Item(string WalletId, DebitWallet Command, RatedUsage? Rated);

    [LoggerMessage(Level = LogLevel.Error, Message = "A debit batch's share for wallet {Wallet} failed unexpectedly")]
    private static partial void LogShareFailed(ILogger logger, string wallet, Exception exception);
}
