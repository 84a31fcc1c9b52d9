using CsCheck;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Policy;
using Waterfall.Domain.Tests.Wallets;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Ledger;

/// <summary>
/// Random histories of a few wallets of one tenant on one clock: grants of every kind (USD and
/// tokens, paid unit grants with a cost basis, paid bonus), debits, usage, holds, captures, voids,
/// expiries, x402 top-ups, settlements and reversals. Each wallet's journal is kept in order.
/// </summary>
internal sealed class BooksHistory
{
    public abstract record Op(int Wallet);
    public sealed record GrantOp(int Wallet, int Kind, bool Tokens, long Amount, int? ExpiresInMinutes, int CostBasis) : Op(Wallet);
    public sealed record DebitOp(int Wallet, long Amount) : Op(Wallet);
    public sealed record UsageOp(int Wallet, long Input, long Output, int Model) : Op(Wallet);
    public sealed record AuthorizeOp(int Wallet, long Amount, int TtlMinutes) : Op(Wallet);
    public sealed record CaptureOp(int Wallet, int Hold, int Percent) : Op(Wallet);
    public sealed record VoidOp(int Wallet, int Hold) : Op(Wallet);
    public sealed record AdvanceOp(int Minutes) : Op(0);
    public sealed record TopUpOp(int Wallet, long Amount) : Op(Wallet);
    public sealed record SettleOp(int Wallet, int Index, bool Fails) : Op(Wallet);

    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly string[] WalletIds = ["w1", "w2", "w3"];
    private static readonly GrantKind[] Kinds = [GrantKind.Promotional, GrantKind.Bonus, GrantKind.Purchased];
    private static readonly string[] Models = ["gpt-4o", "claude-sonnet-4"];

    /// <summary>Cost bases per token (USD): none, a whole nano-dollar, and one that rounds.</summary>
    private static readonly decimal?[] TokenCostBases = [null, 0.000002m, 0.0000000125m];

    private static readonly Gen<int> AnyWallet = Gen.Int[0, WalletIds.Length - 1];

    public static readonly Gen<Op> AnyOp = Gen.Frequency(
        (4, Gen.Select(AnyWallet, Gen.Int[0, 2], Gen.Bool, Gen.Long[1, 20_000_000], Gen.Int[0, 600].Select(m => m < 100 ? (int?)null : m), Gen.Int[0, 2],
            (w, k, t, a, e, c) => (Op)new GrantOp(w, k, t, a, e, c))),
        (4, Gen.Select(AnyWallet, Gen.Long[1, 5_000_000], (w, a) => (Op)new DebitOp(w, a))),
        (4, Gen.Select(AnyWallet, Gen.Long[0, 300_000], Gen.Long[1, 300_000], Gen.Int[0, 1], (w, i, o, m) => (Op)new UsageOp(w, i, o, m))),
        (3, Gen.Select(AnyWallet, Gen.Long[1, 5_000_000], Gen.Int[1, 120], (w, a, t) => (Op)new AuthorizeOp(w, a, t))),
        (3, Gen.Select(AnyWallet, Gen.Int[0, 9], Gen.Int[0, 120], (w, h, p) => (Op)new CaptureOp(w, h, p))),
        (1, Gen.Select(AnyWallet, Gen.Int[0, 9], (w, h) => (Op)new VoidOp(w, h))),
        (3, Gen.Int[1, 600].Select(m => (Op)new AdvanceOp(m))),
        (2, Gen.Select(AnyWallet, Gen.Long[1, 20_000].Select(a => a * 1_000), (w, a) => (Op)new TopUpOp(w, a))),
        (2, Gen.Select(AnyWallet, Gen.Int[0, 9], Gen.Bool, (w, i, f) => (Op)new SettleOp(w, i, f))));

    public static readonly Gen<(BillingMode Mode, Op[] Ops)> Histories =
        Gen.Select(Gen.Int[0, 2].Select(m => (BillingMode)m), AnyOp.Array[1, 120], (m, ops) => (m, ops));

    private readonly Wallet[] _wallets;
    private int _keys;

    public BooksHistory(BillingMode mode)
    {
        var settings = new WalletSettings(new BillingTerms(mode, mode == BillingMode.Hybrid ? 3_000_000 : 0), SpendPolicy.Unlimited);
        _wallets = WalletIds.Select(id => new Wallet(new WalletKey("tenant", id))).ToArray();
        Journals = WalletIds.Select(_ => new List<WalletEvent>()).ToArray();
        for (var i = 0; i < _wallets.Length; i++) Journals[i].AddRange(_wallets[i].Open(new OpenWallet(NextKey(), settings), Now).Events);
    }

    public DateTimeOffset Now { get; private set; } = Start;
    public List<WalletEvent>[] Journals { get; }
    public IReadOnlyList<Wallet> Wallets => _wallets;

    public static BooksHistory Run(BillingMode mode, IEnumerable<Op> ops)
    {
        var history = new BooksHistory(mode);
        foreach (var op in ops) history.Execute(op);
        return history;
    }

    /// <summary>Every wallet's journal posted under v2, merged in time order (a tenant's journal).</summary>
    public IEnumerable<IReadOnlyList<JournalLine>> TenantJournal()
    {
        var transactions = new List<IReadOnlyList<JournalLine>>();
        for (var i = 0; i < _wallets.Length; i++)
        {
            var books = new WalletBooks(_wallets[i].Key);
            transactions.AddRange(Journals[i].Select(books.Journal));
        }
        return transactions.Where(t => t.Count > 0).OrderBy(t => t[0].At).ThenBy(t => t[0].Wallet.WalletId).ThenBy(t => t[0].Sequence);
    }

    private string NextKey() => $"k{++_keys}";

    public void Execute(Op op)
    {
        var wallet = _wallets[op.Wallet];
        var journal = Journals[op.Wallet];
        var now = Now;
        HoldId Hold(int i) => wallet.Holds.Count == 0 ? new HoldId("h0") : wallet.Holds.ElementAt(i % wallet.Holds.Count).Id;
        IReadOnlyList<WalletEvent> events = op switch
        {
            GrantOp g => wallet.GrantCredits(new GrantCredits(NextKey(), Terms(g, now)), now).Events,
            DebitOp d => wallet.Debit(new DebitWallet(NextKey(), WalletTestKit.UsdCharge(d.Amount, Models[d.Amount % 2])), now).Events,
            UsageOp u => wallet.Debit(new DebitWallet(NextKey(), WalletTestKit.Usage(Models[u.Model], u.Input, 0.0000025m, u.Output, 0.00001m)), now).Events,
            AuthorizeOp a => wallet.Authorize(new AuthorizeHold(NextKey(), WalletTestKit.UsdCharge(a.Amount), TimeSpan.FromMinutes(a.TtlMinutes)), now).Events,
            CaptureOp c => wallet.Capture(new CaptureHold(NextKey(), Hold(c.Hold),
                WalletTestKit.UsdCharge(Math.Max(1, (wallet.FindHold(Hold(c.Hold))?.Reserved.MoneyCost ?? 100) * c.Percent / 100), "gpt-4o")), now).Events,
            VoidOp v => wallet.Void(new VoidHold(NextKey(), Hold(v.Hold)), now).Events,
            TopUpOp t => wallet.GrantCredits(new GrantCredits(NextKey(),
                new GrantTerms(GrantKind.Purchased, Amount.Usd(t.Amount), 30, null, null, GrantScope.Any, new GrantSource(GrantSourceKind.X402Payment, NextKey()), 1m),
                new Attribution(Payer: "0xpayer", Network: "eip155:8453")), now).Events,
            SettleOp s when wallet.PendingTopUps.Count > 0 => Settle(wallet, s, now),
            AdvanceOp a => Advance(a.Minutes),
            _ => [],
        };
        journal.AddRange(events);
    }

    private IReadOnlyList<WalletEvent> Settle(Wallet wallet, SettleOp s, DateTimeOffset now)
    {
        var pending = wallet.PendingTopUps.ElementAt(s.Index % wallet.PendingTopUps.Count);
        return s.Fails
            ? wallet.ReverseTopUp(new ReverseTopUp(NextKey(), pending.Grant, "failed on chain"), now).Events
            : wallet.ConfirmTopUp(new ConfirmTopUp(NextKey(), pending.Grant, "0x" + new string('a', 64)), now).Events;
    }

    private IReadOnlyList<WalletEvent> Advance(int minutes)
    {
        Now = Now.AddMinutes(minutes);
        for (var i = 0; i < _wallets.Length; i++) Journals[i].AddRange(_wallets[i].Tick(Now));
        return [];
    }

    private static GrantTerms Terms(GrantOp g, DateTimeOffset now)
    {
        var kind = Kinds[g.Kind];
        var unit = g.Tokens ? CreditUnit.Tokens : CreditUnit.Usd;
        // A bonus is sometimes sold (cost basis > 0): then it is paid credit, whatever its kind.
        decimal? costBasis = kind == GrantKind.Promotional ? 0m
            : kind == GrantKind.Bonus ? (g.CostBasis == 2 ? (g.Tokens ? 0.000001m : 1m) : 0m)
            : g.Tokens ? TokenCostBases[g.CostBasis] : 1m;
        var amount = g.Tokens ? g.Amount / 100 + 1 : g.Amount;
        return new GrantTerms(kind, new Amount(amount, unit), kind.DefaultPriority!.Value, null,
            g.ExpiresInMinutes is { } m ? now.AddMinutes(m) : null, GrantScope.Any, GrantSource.Operator, costBasis);
    }
}
