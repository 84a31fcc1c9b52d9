using Waterfall.Domain.Grants;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Wallets;

/// <summary>
/// A canceled subscription whose plan says <c>on_cancel = forfeit</c> gives up its unused plan credits:
/// every grant the plan made (and credit rolled on from them) expires into breakage at
/// <see cref="Boundary"/>, the period boundary the subscription ended at. Other grants (purchased,
/// campaign, operator) stay. What open holds reserve stays too: a hold is a promise already made.
/// </summary>
public sealed record ForfeitPlanCredits(string IdempotencyKey, DateTimeOffset Boundary) : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.PlanCreditsForfeited;

    public override string Fingerprint() => new FingerprintBuilder("forfeit-plan-credits").Add(Boundary).Build();
}

/// <summary>One grant's unused credit given up.</summary>
public sealed record ForfeitedCredit(GrantId Grant, Amount Amount);

/// <summary>The plan credits given up at the end of a subscription, dated <see cref="Boundary"/> (the breakage's date).</summary>
public sealed record PlanCreditsForfeited(long Sequence, DateTimeOffset At, string Key, string Fingerprint, DateTimeOffset Boundary, ForfeitedCredit[] Forfeited)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.PlanCreditsForfeited;

    protected override void AddPostings(string walletId, List<Posting> postings)
    {
        foreach (var f in Forfeited) Transfer(postings, LedgerAccount.Available(walletId), LedgerAccount.Breakage, f.Amount.Unit, f.Amount.Value, f.Grant);
    }
}

public sealed record ForfeitReceipt(long Sequence, ForfeitedCredit[] Forfeited) : Receipt(Sequence);

public sealed partial class Wallet
{
    public Outcome<ForfeitReceipt> ForfeitPlanCredits(ForfeitPlanCredits command, DateTimeOffset now)
    {
        if (Admit<ForfeitReceipt>(command) is { } early) return early;
        var forfeited = _grants
            .Where(g => g.Terms.Source.Kind == GrantSourceKind.Plan && g.Available > 0 && !g.IsRevoked)
            .Select(g => new ForfeitedCredit(g.Id, new Amount(g.Available, g.Unit)))
            .ToArray();
        return Accept<ForfeitReceipt>(new PlanCreditsForfeited(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(), command.Boundary, forfeited));
    }

    private ForfeitReceipt ApplyForfeited(PlanCreditsForfeited e)
    {
        foreach (var f in e.Forfeited)
        {
            var grant = _grants.First(g => g.Id == f.Grant);
            grant.Remaining -= f.Amount.Value;
            grant.Expired += f.Amount.Value;
        }
        RemoveSpentGrants();
        return new ForfeitReceipt(e.Sequence, e.Forfeited);
    }
}
