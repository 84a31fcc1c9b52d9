using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Ledger;
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
    /// The tenant's reversed top-ups, from its whole ledger: a top-up's grant is credited with the payer and
    /// network as attribution and the idempotency key <c>x402:{network}:{nonce}</c>; its reversal names the grant.
    /// </summary>
    private async Task<List<(string Network, TopUpRecord Record)>> ReversedAsync(string tenantId, CancellationToken cancellationToken)
    {
        var granted = new Dictionary<(string Wallet, string Grant), (string Network, string Nonce, string? Payer)>();
        var reversed = new List<(string Network, TopUpRecord Record)>();
        await foreach (var t in ledger.ReadTenantAsync(tenantId, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, cancellationToken))
        {
            if (t.Kind == TransactionKind.CreditsGranted && t.Attribution.Network is { } network && t.IdempotencyKey is { } key
                && key.StartsWith("x402:", StringComparison.Ordinal) && t.Postings.FirstOrDefault(p => p.Grant is not null).Grant is { } grant)
                granted[(t.Wallet.WalletId, grant.Value)] = (network, key[(key.LastIndexOf(':') + 1)..], t.Attribution.Payer);
            else if (t.Kind == TransactionKind.TopUpReversed && t.Postings.FirstOrDefault(p => p.Grant is not null).Grant is { } reversedGrant
                && granted.TryGetValue((t.Wallet.WalletId, reversedGrant.Value), out var topUp))
            {
                // What the reversal takes off settlement pending is the whole top-up: the credit taken back plus the receivable.
                var value = t.Postings.Where(p => p.Account.Type == AccountType.SettlementPending).Sum(p => -p.Amount);
                reversed.Add((topUp.Network, new TopUpRecord(topUp.Nonce, reversedGrant.Value, t.Wallet.WalletId, topUp.Payer ?? "", value, null, null, "reversed")));
            }
        }
        return reversed;
    }
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
