using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Settlement;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;
using Waterfall.TopUps;

namespace Waterfall.Finance.Reconciliation;

/// <summary>
/// Every x402 top-up of a tenant with its on-chain state, newest first: what <c>GET /v1/finance/topups</c> answers
/// and the dashboard lists. The tenant's ledger says which top-ups exist (a grant whose source is an x402 payment,
/// its nonce the reference) and what became of them (settled with a transaction hash, or reversed); the network's
/// settlement grain, while it still remembers the nonce, adds what the ledger does not record yet: submitted, and
/// the block. A network no longer configured here keeps the ledger's view.
/// </summary>
public sealed class TopUpHistory(WalletTopUps topUps, IGrainFactory grains, ILedgerReader ledger)
{
    private static readonly TransactionKind[] Kinds = [TransactionKind.CreditsGranted, TransactionKind.TopUpSettled, TransactionKind.TopUpReversed];

    public async Task<IReadOnlyList<TopUpEntry>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<(string Wallet, string Grant), TopUpEntry>();
        await foreach (var stored in ledger.ReadTenantAsync(tenantId, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Kinds, cancellationToken))
        {
            var wallet = stored.Wallet.WalletId;
            switch (stored.Event)
            {
                case CreditsGranted { Terms.Source.Kind: GrantSourceKind.X402Payment } grant:
                    entries[(wallet, grant.Grant.Value)] = new TopUpEntry(grant.Terms.Source.Reference ?? "", grant.Attribution.Network ?? "", wallet,
                        grant.Grant.Value, grant.Attribution.Payer ?? "", grant.Terms.Amount.Value, TopUpState.Pending, null, null, null, grant.At);
                    break;
                case TopUpSettled settled when entries.TryGetValue((wallet, settled.Grant.Value), out var known):
                    entries[(wallet, settled.Grant.Value)] = known with { State = TopUpState.Settled, TransactionHash = settled.TransactionHash };
                    break;
                case TopUpReversed reversed when entries.TryGetValue((wallet, reversed.Grant.Value), out var known):
                    entries[(wallet, reversed.Grant.Value)] = known with { State = TopUpState.Failed, FailureReason = reversed.Reason };
                    break;
            }
        }
        var listed = await Task.WhenAll(entries.Values.Select(WithSettlementAsync));
        return [.. listed.OrderByDescending(e => e.CreditedAt).ThenBy(e => e.Nonce, StringComparer.Ordinal)];
    }

    private async Task<TopUpEntry> WithSettlementAsync(TopUpEntry entry)
    {
        if (topUps.Networks.FirstOrDefault(n => n.Id == entry.Network) is not { } network || string.IsNullOrEmpty(entry.Nonce)) return entry;
        var status = await grains.GetGrain<ISettlementGrain>(SettlementGrainKey.For(network.Id, network.Asset.ToString(), network.TopUpPayTo!.Value.ToString()))
            .GetStatus(entry.Nonce);
        if (status is null) return entry;
        var state = status.State switch
        {
            SettlementState.Submitted => TopUpState.Submitted,
            SettlementState.Settled => TopUpState.Settled,
            SettlementState.Failed => TopUpState.Failed,
            _ => TopUpState.Pending,
        };
        // The ledger's final word stands: a top-up the ledger settled or reversed is not shown as anything else.
        if (entry.State != TopUpState.Pending && state != entry.State) state = entry.State;
        return entry with
        {
            State = state,
            TransactionHash = entry.TransactionHash ?? status.TransactionHash,
            BlockNumber = status.BlockNumber,
            FailureReason = entry.FailureReason ?? status.FailureReason,
        };
    }
}

/// <summary>Where a top-up stands: credited and waiting for the chain, sent in a batch, final on chain, or failed (its credit reversed).</summary>
public enum TopUpState
{
    Pending = 0,
    Submitted = 1,
    Settled = 2,
    Failed = 3,
}

/// <summary>One x402 top-up. <see cref="Value"/> in nano-dollars.</summary>
public sealed record TopUpEntry(
    string Nonce,
    string Network,
    string WalletId,
    string GrantId,
    string Payer,
    long Value,
    TopUpState State,
    string? TransactionHash,
    long? BlockNumber,
    string? FailureReason,
    DateTimeOffset CreditedAt);
