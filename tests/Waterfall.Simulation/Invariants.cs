using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;

namespace Waterfall.Simulation;

/// <summary>
/// What must hold of the durable journal after every step (shared/DESIGN.md "Ledger", docs/durability.md).
/// Each returns the violations it finds, in words a failing seed prints.
/// </summary>
internal static class Invariants
{
    public static IEnumerable<string> OfJournal(WalletKey key, IReadOnlyList<WalletEvent> events, WalletHistory loaded)
    {
        for (var i = 0; i < events.Count; i++)
            if (events[i].Sequence != i + 1)
            {
                yield return $"sequence gap: entry {i + 1} has sequence {events[i].Sequence}";
                yield break;
            }

        var keys = new HashSet<(TransactionKind, string)>();
        var expiries = new Dictionary<GrantId, DateTimeOffset?>();
        var wallet = new Wallet(key);
        foreach (var e in events)
        {
            if (e is CommandEvent command && !keys.Add((command.Kind, command.Key)))
                yield return $"idempotency key '{command.Key}' applied twice ({command.Kind}, again at {e.Sequence})";
            if (e is CreditsGranted granted) expiries[granted.Grant] = granted.Terms.ExpiresAt;
            foreach (var draw in NewDraws(e))
                if (expiries.GetValueOrDefault(draw.Grant) is { } expiry && expiry <= e.At)
                    yield return $"entry {e.Sequence} draws {draw.Amount} on grant {draw.Grant.Value}, expired at {expiry:O}";
            foreach (var unit in e.ToLedgerTransaction(key).Postings.GroupBy(p => p.Unit))
                if (unit.Sum(p => p.Amount) != 0) yield return $"entry {e.Sequence} does not balance in {unit.Key}";
            wallet.Apply(e);
        }

        foreach (var grant in wallet.Grants.Where(g => g.Remaining < 0 || g.Held < 0 || g.Held > g.Remaining))
            yield return $"grant {grant.Id.Value} is overdrawn: remaining {grant.Remaining}, held {grant.Held}";
        foreach (var unit in CreditUnit.All)
        {
            if (wallet.TotalHeld(unit) > wallet.TotalRemaining(unit))
                yield return $"{unit}: held {wallet.TotalHeld(unit)} exceeds remaining {wallet.TotalRemaining(unit)}";
            var posted = -events.Select(e => e.ToLedgerTransaction(key)).SelectMany(t => t.Postings)
                .Where(p => p.Account.IsWallet && p.Account.WalletId == key.WalletId && p.Unit == unit).Sum(p => p.Amount);
            if (posted != wallet.TotalRemaining(unit))
                yield return $"{unit}: the ledger's wallet accounts hold {posted}, the wallet {wallet.TotalRemaining(unit)}";
        }

        var restored = loaded.Restore(key);
        if (!SameState(restored, wallet)) yield return $"restoring from the snapshot at {loaded.Snapshot?.Sequence} differs from replaying every entry";
    }

    /// <summary>
    /// Across the tenant's wallets: every unit's postings sum to zero over all their ledgers together, as the
    /// ledger's trial balance requires, whichever batch took whose entries.
    /// </summary>
    public static IEnumerable<string> AcrossWallets(IEnumerable<(WalletKey Key, IReadOnlyList<WalletEvent> Events)> wallets)
    {
        var postings = wallets.SelectMany(w => w.Events.Select(e => e.ToLedgerTransaction(w.Key))).SelectMany(t => t.Postings).ToList();
        foreach (var unit in postings.GroupBy(p => p.Unit))
            if (unit.Sum(p => p.Amount) != 0) yield return $"the tenant's postings in {unit.Key} sum to {unit.Sum(p => p.Amount)} across its wallets";
    }

    /// <summary>What a running activation believes, against the journal, once nothing is in flight.</summary>
    public static IEnumerable<string> OfActivation(SimulatedActivation activation, IReadOnlyList<WalletEvent> events, WalletKey key)
    {
        var replayed = new Wallet(key);
        foreach (var e in events) replayed.Apply(e);
        if (!SameState(activation.Wallet, replayed))
            yield return $"activation {activation.Number} holds sequence {activation.Sequence} / {Describe(activation.Wallet)}, the journal {replayed.Sequence} / {Describe(replayed)}";
    }

    public static bool SameState(Wallet a, Wallet b) =>
        a.Sequence == b.Sequence && Describe(a) == Describe(b);

    private static string Describe(Wallet w) =>
        string.Join(",", CreditUnit.All.Select(u => $"{u.Code}:{w.TotalRemaining(u)}/{w.TotalHeld(u)}")) + $",holds:{w.Holds.Count},grants:{w.Grants.Count}";

    private static IEnumerable<Draw> NewDraws(WalletEvent e) => e switch
    {
        Debited d => d.Coverage.Draws,
        HoldAuthorized a => a.Reserved.Draws,
        HoldGrown g => g.Added.Draws,
        _ => [],
    };
}
