namespace Waterfall.X402;

/// <summary>
/// Puts one verified payment on chain and answers how it went. <see cref="ExactEvmSettler"/> sends one
/// transferWithAuthorization right away; a silo can swap in one that batches many payments into a single
/// transaction, behind the same call.
/// </summary>
public interface IPaymentSettler
{
    Task<SettleResponse> SettleAsync(VerifiedPayment payment, CancellationToken cancellationToken = default);
}
