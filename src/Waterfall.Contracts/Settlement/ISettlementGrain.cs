using Waterfall.Domain.Settlement;
using Orleans.Concurrency;

namespace Waterfall.Contracts.Settlement;

/// <summary>
/// Settles verified x402 authorizations for one network + asset + payee (see
/// <see cref="SettlementGrainKey"/>): queues them durably, credits the paying wallet once per
/// authorization nonce, submits them on chain in batches, follows the receipts to finality, and
/// settles or reverses each wallet credit accordingly.
/// </summary>
[Alias("wf.ISettlementGrain")]
public interface ISettlementGrain : IGrainWithStringKey
{
    /// <summary>
    /// Accepts a verified authorization: queued durably, then the wallet is credited (an
    /// idempotent grant keyed by the nonce). A repeat of the same nonce answers the first ticket.
    /// </summary>
    [Alias("Submit")] Task<SettlementTicket> Submit(SettlementRequest request);

    /// <summary>
    /// Accepts a refill's pull from a USDC allowance (the wallet credited it already): queued durably and sent as the
    /// payer's permit (once) and then transferFrom. A repeat of the same pull key answers the first ticket.
    /// </summary>
    [Alias("SubmitPull")] Task<SettlementTicket> SubmitPull(AllowancePull pull);

    /// <summary>The authorization's state now.</summary>
    [Alias("GetStatus"), AlwaysInterleave] Task<SettlementStatus?> GetStatus(string nonce);

    /// <summary>Waits until the authorization is settled or failed, or the timeout passes (then answers its state so far).</summary>
    [Alias("WaitForOutcome"), AlwaysInterleave] Task<SettlementStatus?> WaitForOutcome(string nonce, TimeSpan timeout);

    /// <summary>On-chain transfers to the payee in the block range against the settlements the ledger recorded.</summary>
    [Alias("Reconcile")] Task<ReconciliationReport> Reconcile(long fromBlock, long toBlock);

    /// <summary>Wakes the grain so it resumes work after a restart.</summary>
    [Alias("Resume")] Task Resume();
}

public static class SettlementGrainKey
{
    public static string For(string network, string asset, string payTo) =>
        $"{network}|{asset.ToLowerInvariant()}|{payTo.ToLowerInvariant()}";

    public static (string Network, string Asset, string PayTo) Parse(string key)
    {
        var parts = key.Split('|');
        if (parts.Length != 3) throw new FormatException($"'{key}' is not a settlement key (network|asset|payTo).");
        return (parts[0], parts[1], parts[2]);
    }
}
