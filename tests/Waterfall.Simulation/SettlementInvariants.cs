using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Settlement;
using Waterfall.Domain.Wallets;

namespace Waterfall.Simulation;

/// <summary>
/// What must hold of x402 top-ups, over the wallets' durable journals, the settlement's stored state and the chain:
/// after every step, and once everything is final.
/// </summary>
internal static class SettlementInvariants
{
    private sealed record TopUp(WalletKey Wallet, string Nonce, CreditsGranted Credit, List<TopUpSettled> Settled, List<TopUpReversed> Reversed);

    public static IEnumerable<string> Always(IReadOnlyList<(WalletKey Key, IReadOnlyList<WalletEvent> Events)> wallets, SettlementQueue stored, SimulatedChain chain)
    {
        foreach (var nonce in wallets.SelectMany(w => w.Events.OfType<CreditsGranted>()).Where(IsTopUp).GroupBy(c => c.Terms.Source.Reference).Where(g => g.Count() > 1))
            yield return $"top-up {Short(nonce.Key)} is credited {nonce.Count()} times";

        foreach (var topUp in TopUps(wallets))
        {
            var who = $"top-up {Short(topUp.Nonce)} of {topUp.Wallet.WalletId}";
            if (topUp.Settled.Count > 1) yield return $"{who} is settled {topUp.Settled.Count} times";
            if (topUp.Reversed.Count > 1) yield return $"{who} is reversed {topUp.Reversed.Count} times";
            if (topUp.Settled.Count > 0 && topUp.Reversed.Count > 0) yield return $"{who} is both settled and reversed";
            foreach (var settled in topUp.Settled)
                if (!chain.Transfers.Any(t => t.TransactionHash == settled.TransactionHash) || !chain.Settled(topUp.Nonce))
                    yield return $"{who} is settled by {settled.TransactionHash[^4..]}, which moved nothing for it on chain";
            if (topUp.Reversed.Count > 0 && chain.Settled(topUp.Nonce))
                yield return $"{who} is reversed, but the payer paid for it on chain";
        }

        foreach (var (key, events) in wallets)
        {
            var pending = events.Select(e => e.ToLedgerTransaction(key)).SelectMany(t => t.Postings)
                .Where(p => p.Account == LedgerAccount.SettlementPending).Sum(p => p.Amount);
            var wallet = new Wallet(key);
            foreach (var e in events) wallet.Apply(e);
            var owed = wallet.PendingTopUps.Sum(p => p.Amount.Value);
            if (pending < 0) yield return $"{key.WalletId}: cash pending settlement is negative ({pending})";
            if (pending != owed) yield return $"{key.WalletId}: the ledger has {pending} pending settlement, the wallet's pending top-ups {owed}";
        }

        var nonces = stored.Queue.Select(i => i.Nonce).Concat(stored.InFlight?.Items.Select(i => i.Nonce) ?? []).Concat(stored.Outcomes.Select(o => o.Nonce));
        foreach (var twice in nonces.GroupBy(n => n).Where(g => g.Count() > 1))
            yield return $"the settlement holds authorization {Short(twice.Key)} {twice.Count()} times";
    }

    /// <summary>Everything landed and the settlement has no work: each authorization is final, and the wallets agree with the chain.</summary>
    public static IEnumerable<string> AtTheEnd(IReadOnlyList<(WalletKey Key, IReadOnlyList<WalletEvent> Events)> wallets, SettlementQueue stored,
        SimulatedChain chain, IEnumerable<string> acknowledged)
    {
        if (stored.HasWork()) yield return $"the settlement still has {stored.Pending()} authorizations not final";
        var outcomes = stored.Outcomes.ToDictionary(o => o.Nonce);
        var topUps = TopUps(wallets).ToList();
        foreach (var nonce in acknowledged)
        {
            var credits = topUps.Where(t => t.Nonce == nonce).ToList();
            switch (outcomes.GetValueOrDefault(nonce)?.State)
            {
                case null:
                    yield return $"top-up {Short(nonce)} was accepted, but the settlement has no outcome for it";
                    break;
                case SettlementState.Settled when credits is not [{ Settled.Count: 1 }]:
                    yield return $"top-up {Short(nonce)} settled, but its wallet was credited {credits.Count} times and told settled {credits.Sum(c => c.Settled.Count)} times";
                    break;
                case SettlementState.Failed when credits.Count > 1 || credits.Any(c => c.Reversed.Count != 1):
                    yield return $"top-up {Short(nonce)} failed, but its wallet was credited {credits.Count} times and reversed {credits.Sum(c => c.Reversed.Count)} times";
                    break;
            }
        }

        foreach (var topUp in topUps)
        {
            var who = $"top-up {Short(topUp.Nonce)} of {topUp.Wallet.WalletId}";
            if (topUp.Settled.Count + topUp.Reversed.Count == 0) yield return $"{who} is still pending settlement";
            var outcome = outcomes.GetValueOrDefault(topUp.Nonce);
            if (outcome?.State == SettlementState.Settled && topUp.Settled.Count == 0) yield return $"{who} settled on chain but the wallet was not told";
            if (outcome?.State == SettlementState.Failed && topUp.Reversed.Count == 0) yield return $"{who} failed but its credit was not reversed";
            if (outcome is null) yield return $"{who} is credited, but the settlement has no outcome for it";
        }
        foreach (var outcome in stored.Outcomes)
            if (outcome.State == SettlementState.Settled != chain.Settled(outcome.Nonce))
                yield return $"authorization {Short(outcome.Nonce)} is {outcome.State} in the settlement, {(chain.Settled(outcome.Nonce) ? "settled" : "not settled")} on chain";

        var report = stored.Reconcile(chain.Transfers, 0, chain.Head);
        foreach (var transfer in report.OnChainOnly) yield return $"reconciliation: {transfer.Value} from {transfer.From} in {transfer.TransactionHash[^4..]} is on chain only";
        foreach (var status in report.LedgerOnly.Where(s => s.State == SettlementState.Settled))
            yield return $"reconciliation: {Short(status.Nonce)} is settled in the ledger only";

        foreach (var (key, events) in wallets)
        {
            var credited = topUps.Where(t => t.Wallet == key).SelectMany(t => t.Settled).Sum(s => s.Amount.Value);
            var paid = stored.Outcomes.Where(o => o.WalletId == key.WalletId && chain.Settled(o.Nonce)).Sum(o => NanoDollars.FromUsdcAtomicUnits(o.Value));
            if (credited != paid) yield return $"{key.WalletId}: settled top-ups credit {credited}, the chain moved {paid}";
        }
    }

    private static IEnumerable<TopUp> TopUps(IReadOnlyList<(WalletKey Key, IReadOnlyList<WalletEvent> Events)> wallets)
    {
        foreach (var (key, events) in wallets)
            foreach (var credit in events.OfType<CreditsGranted>().Where(IsTopUp))
                yield return new TopUp(key, credit.Terms.Source.Reference!, credit,
                    [.. events.OfType<TopUpSettled>().Where(s => s.Grant == credit.Grant)],
                    [.. events.OfType<TopUpReversed>().Where(r => r.Grant == credit.Grant)]);
    }

    private static bool IsTopUp(CreditsGranted credit) => credit.Terms.Source.Kind == GrantSourceKind.X402Payment;

    private static string Short(string? nonce) => nonce is null ? "?" : nonce[^4..];
}
