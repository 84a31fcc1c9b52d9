using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;
using Waterfall.Domain.Money;
using Waterfall.Ledger;
using Waterfall.TopUps;

namespace Waterfall.Finance.Reconciliation;

/// <summary>
/// Top-ups against the chain, per configured network: each network's settlement grain compares the
/// transfers to its treasury in the block range with the top-ups it settled (the same ones the ledger
/// records as <see cref="TransactionKind.TopUpSettled"/>), and the tenant's ledger adds the top-ups
/// whose payment failed and whose credit was reversed. The treasury is shared by every tenant: transfers
/// no top-up explains are listed to any tenant's admin (nobody's ledger knows them), matched totals
/// are the treasury's, and settled-but-missing top-ups are only the caller's.
/// </summary>
public sealed class TopUpReconciliation(WalletTopUps topUps, IGrainFactory grains, ILedgerReader ledger)
{
    public async Task<IReadOnlyList<NetworkReconciliation>> ReconcileAsync(string tenantId, long fromBlock, long toBlock, string? network, CancellationToken cancellationToken)
    {
        var networks = topUps.Networks.Where(n => string.IsNullOrEmpty(network) || n.Id == network).ToList();
        var reversed = networks.Count == 0 ? [] : await ReversedAsync(tenantId, cancellationToken);
        var reports = new List<NetworkReconciliation>();
        foreach (var n in networks)
        {
            var grain = grains.GetGrain<ISettlementGrain>(SettlementGrainKey.For(n.Id, n.Asset.ToString(), n.TopUpPayTo!.Value.ToString()));
            var report = await grain.Reconcile(fromBlock, toBlock);
            reports.Add(new NetworkReconciliation(
                n.Id, n.Asset.ToString(), n.TopUpPayTo.Value.ToString(), report.FromBlock, report.ToBlock, report.Matched,
                NanoDollars.FromUsdcAtomicUnits(report.MatchedValue),
                [.. report.OnChainOnly.Select(t => t with { Value = NanoDollars.FromUsdcAtomicUnits(t.Value) })],
                [.. report.LedgerOnly.Where(s => s.TenantId == tenantId).Select(s => new TopUpRecord(
                    s.Nonce, s.Grant, s.WalletId, s.Payer, NanoDollars.FromUsdcAtomicUnits(s.Value), s.TransactionHash, s.BlockNumber, s.FailureReason))],
                [.. reversed.Where(r => r.Network == n.Id).Select(r => r.Record)]));
        }
        return reports;
    }

    /// <summary>
    /// The tenant's reversed top-ups, from its journal's grants and reversals only: a top-up's grant is credited with
    /// the payment authorization's nonce as its source and the payer and network as attribution; its reversal names the grant.
    /// </summary>
    private async Task<List<(string Network, TopUpRecord Record)>> ReversedAsync(string tenantId, CancellationToken cancellationToken)
    {
        var granted = new Dictionary<(string Wallet, string Grant), (string Network, string Nonce, string? Payer)>();
        var reversed = new List<(string Network, TopUpRecord Record)>();
        await foreach (var stored in ledger.ReadTenantAsync(tenantId, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Kinds, cancellationToken))
        {
            var wallet = stored.Wallet.WalletId;
            if (stored.Event is CreditsGranted { Terms.Source.Kind: GrantSourceKind.X402Payment } grant && grant.Attribution.Network is { } network)
                granted[(wallet, grant.Grant.Value)] = (network, grant.Terms.Source.Reference ?? "", grant.Attribution.Payer);
            else if (stored.Event is TopUpReversed reversal && granted.TryGetValue((wallet, reversal.Grant.Value), out var topUp))
                reversed.Add((topUp.Network, new TopUpRecord(topUp.Nonce, reversal.Grant.Value, wallet, topUp.Payer ?? "", reversal.Amount.Value, null, null, reversal.Reason)));
        }
        return reversed;
    }

    private static readonly TransactionKind[] Kinds = [TransactionKind.CreditsGranted, TransactionKind.TopUpReversed];
}

/// <summary>One network's reconciliation. Values are nano-dollars.</summary>
public sealed record NetworkReconciliation(
    string Network,
    string Asset,
    string Treasury,
    long FromBlock,
    long ToBlock,
    int Matched,
    long MatchedValue,
    IReadOnlyList<ChainTransfer> OnChainOnly,
    IReadOnlyList<TopUpRecord> LedgerOnly,
    IReadOnlyList<TopUpRecord> Reversed)
{
    public bool IsClean => OnChainOnly.Count == 0 && LedgerOnly.Count == 0;
}

/// <summary>A top-up as reconciliation lists it. Value in nano-dollars.</summary>
public sealed record TopUpRecord(string Nonce, string? GrantId, string WalletId, string Payer, long Value, string? TransactionHash, long? BlockNumber, string? FailureReason);
