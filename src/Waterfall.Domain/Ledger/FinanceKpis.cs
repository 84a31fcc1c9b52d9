using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Ledger;

/// <summary>
/// Accumulates <see cref="FinanceKpiReport"/> from a tenant's v2 journal fed one transaction at a
/// time, in any order. Feed every transaction before <paramref name="to"/> (those before
/// <paramref name="from"/> count for the balances at the end); later ones are ignored. Memory is per
/// wallet, model, grant kind and open hold, never per transaction.
/// </summary>
/// <param name="trailing">The window before <paramref name="to"/> whose burn rate runway uses (default 30 days).</param>
public sealed class FinanceKpis(DateTimeOffset from, DateTimeOffset to, int top = 10, TimeSpan? trailing = null)
{
    private readonly TimeSpan _trailing = trailing ?? TimeSpan.FromDays(30);
    private readonly Dictionary<GrantKind, long> _deferred = [];
    private readonly Dictionary<CreditUnit, long> _promotionalUsage = [];
    private readonly Dictionary<CreditUnit, long> _unusedPromotion = [];
    private readonly Dictionary<(GrantKind, CreditUnit), long> _granted = [];
    private readonly Dictionary<(GrantKind, CreditUnit), long> _burned = [];
    private readonly Dictionary<(string Wallet, HoldId Hold, CreditUnit Unit), long> _holds = [];
    private readonly Dictionary<string, long> _walletSpend = [];
    private readonly Dictionary<string, long> _modelSpend = [];
    private readonly Dictionary<string, long> _walletBalance = [];
    private readonly Dictionary<string, long> _walletTrailingBurn = [];
    private long _revenue;
    private long _breakage;
    private long _overage;

    public void Add(IReadOnlyList<JournalLine> transaction)
    {
        if (transaction.Count == 0 || transaction[0].At >= to) return;
        var first = transaction[0];
        var inPeriod = first.At >= from;
        var inTrailing = first.At >= to - _trailing;
        var usage = first.Kind is TransactionKind.Debited or TransactionKind.HoldCaptured;
        var walletId = first.Wallet.WalletId;
        long spent = 0;

        foreach (var line in transaction)
        {
            var type = line.Account.Type;
            var kind = line.GrantKind ?? default;
            if (type is AccountType.WalletAvailable or AccountType.WalletHeld or AccountType.WalletUnitValue && line.GrantKind is { } paidKind)
                _deferred[paidKind] = _deferred.GetValueOrDefault(paidKind) - line.Amount;
            if (line.Account.IsWallet && line.Unit.IsMoney)
                _walletBalance[walletId] = _walletBalance.GetValueOrDefault(walletId) - line.Amount;
            if (type is AccountType.WalletHeld or AccountType.WalletPromotionalHeld or AccountType.WalletUnitsHeld && line.Hold is { } hold)
                TrackHold(walletId, hold, line.Unit, -line.Amount);

            if (usage && line.Account.IsWallet && line.Unit.IsMoney && inTrailing)
                _walletTrailingBurn[walletId] = _walletTrailingBurn.GetValueOrDefault(walletId) + line.Amount;
            if (!inPeriod) continue;

            switch (type)
            {
                case AccountType.Revenue: _revenue -= line.Amount; break;
                case AccountType.Breakage: _breakage -= line.Amount; break;
                case AccountType.OverageRevenue: _overage -= line.Amount; break;
                case AccountType.PromotionalUsage: _promotionalUsage[line.Unit] = _promotionalUsage.GetValueOrDefault(line.Unit) - line.Amount; break;
                case AccountType.UnusedPromotion: _unusedPromotion[line.Unit] = _unusedPromotion.GetValueOrDefault(line.Unit) - line.Amount; break;
            }
            if (line.Account.IsWallet && line.GrantKind is not null)
            {
                if (first.Kind is TransactionKind.CreditsGranted or TransactionKind.Refilled)
                    _granted[(kind, line.Unit)] = _granted.GetValueOrDefault((kind, line.Unit)) - line.Amount;
                else if (usage)
                    _burned[(kind, line.Unit)] = _burned.GetValueOrDefault((kind, line.Unit)) + line.Amount;
            }
            if (usage && line.Unit.IsMoney && type is AccountType.Revenue or AccountType.OverageRevenue or AccountType.PromotionalUsage)
                spent -= line.Amount;
        }

        if (spent != 0)
        {
            _walletSpend[walletId] = _walletSpend.GetValueOrDefault(walletId) + spent;
            if (first.Attribution.Model is { } model) _modelSpend[model] = _modelSpend.GetValueOrDefault(model) + spent;
        }
    }

    private void TrackHold(string walletId, HoldId hold, CreditUnit unit, long amount)
    {
        var key = (walletId, hold, unit);
        var total = _holds.GetValueOrDefault(key) + amount;
        if (total == 0) _holds.Remove(key);
        else _holds[key] = total;
    }

    public FinanceKpiReport Report()
    {
        var days = (decimal)_trailing.TotalDays;
        return new FinanceKpiReport(from, to,
            _deferred.Where(d => d.Value != 0).Select(d => new KindAmount(d.Key, CreditUnit.Usd, d.Value)).OrderBy(d => d.Kind.Code, StringComparer.Ordinal).ToList(),
            _revenue, _breakage, _overage,
            ByUnit(_promotionalUsage), ByUnit(_unusedPromotion),
            _granted.Keys.Union(_burned.Keys)
                .Select(k => new Utilization(k.Item1, k.Item2, _granted.GetValueOrDefault(k), _burned.GetValueOrDefault(k)))
                .OrderBy(u => u.Kind.Code, StringComparer.Ordinal).ThenBy(u => u.Unit.Code, StringComparer.Ordinal).ToList(),
            _burned.Where(b => b.Value != 0).Select(b => new KindAmount(b.Key.Item1, b.Key.Item2, b.Value))
                .OrderBy(b => b.Kind.DefaultPriority ?? int.MaxValue).ThenBy(b => b.Kind.Code, StringComparer.Ordinal).ThenBy(b => b.Unit.Code, StringComparer.Ordinal).ToList(),
            new OpenHolds(_holds.Keys.Select(k => (k.Wallet, k.Hold)).Distinct().Count(),
                ByUnit(_holds.GroupBy(h => h.Key.Unit).ToDictionary(g => g.Key, g => g.Sum(h => h.Value)))),
            Top(_walletSpend), Top(_modelSpend),
            _walletBalance.Where(b => b.Value != 0 || _walletTrailingBurn.ContainsKey(b.Key))
                .Select(b => new WalletRunway(b.Key, b.Value, _walletTrailingBurn.GetValueOrDefault(b.Key) / days))
                .OrderBy(r => r.WalletId, StringComparer.Ordinal).ToList());
    }

    private static IReadOnlyList<Amount> ByUnit(IReadOnlyDictionary<CreditUnit, long> sums) =>
        sums.Where(s => s.Value != 0).Select(s => new Amount(s.Value, s.Key)).OrderBy(a => a.Unit.Code, StringComparer.Ordinal).ToList();

    private IReadOnlyList<Spender> Top(Dictionary<string, long> spend) =>
        spend.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Take(top).Select(s => new Spender(s.Key, s.Value)).ToList();
}
