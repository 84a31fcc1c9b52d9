using Waterfall.Api.V1;

namespace Waterfall.Client;

// Metered quantities other than LLM calls: requests, sessions, a metric of the tenant's own.
public sealed partial class WaterfallClient
{
    /// <summary>The full debit request (amount with its metric, model, provider); an empty idempotency key is filled in.</summary>
    public Task<DebitResponse> DebitAsync(DebitRequest request, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(request.IdempotencyKey)) request.IdempotencyKey = NewKey();
        return Call((o, r) => _wallets.DebitAsync(r, o), request, cancellationToken);
    }

    /// <summary>Charges <paramref name="quantity"/> of a metric (e.g. 1 request of metric "requests"), drawn from the grants scoped to it.</summary>
    public Task<DebitResponse> DebitMetricAsync(string walletId, string metric, long quantity, string unit, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        DebitAsync(new DebitRequest
        {
            WalletId = walletId, IdempotencyKey = idempotencyKey ?? "",
            Amount = new AmountCharge { Amount = new Amount { Value = quantity, Unit = unit }, Metric = metric },
        }, cancellationToken);
}
