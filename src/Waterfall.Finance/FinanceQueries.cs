using System.Runtime.CompilerServices;
using Waterfall.Domain.Finance;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;

namespace Waterfall.Finance;

/// <summary>
/// What finance asks of a tenant's ledger, over the store's read side. The journal streams; the trial
/// balance and a statement fold the transactions before the period's end one at a time (those before
/// its start make the opening balances), so memory is per account, not per transaction.
/// </summary>
public sealed class FinanceQueries(ILedgerReader ledger)
{
    private static readonly Domain.Ledger.TransactionKind[] GrantKinds = [Domain.Ledger.TransactionKind.CreditsGranted, Domain.Ledger.TransactionKind.Refilled];

    public async IAsyncEnumerable<JournalLine> JournalAsync(string tenantId, FinancePeriod period, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var books = new TenantBooks();
        // A burn in the period posts by the kind and cost basis of its grant, which may be older than the period.
        await foreach (var granted in ledger.ReadTenantAsync(tenantId, DateTimeOffset.MinValue, period.From, GrantKinds, cancellationToken))
            books.Learn(granted.Wallet, granted.Event);
        await foreach (var stored in ledger.ReadTenantAsync(tenantId, period.From, period.To, cancellationToken: cancellationToken))
            foreach (var line in books.Journal(stored.Wallet, stored.Event))
                yield return line;
    }

    public async Task<PeriodTrialBalance> TrialBalanceAsync(string tenantId, FinancePeriod period, CancellationToken cancellationToken = default)
    {
        var balance = new PeriodTrialBalance(period.From, period.To);
        var books = new TenantBooks();
        await foreach (var stored in ledger.ReadTenantAsync(tenantId, DateTimeOffset.MinValue, period.To, cancellationToken: cancellationToken))
            balance.Add(books.Post(stored.Wallet, stored.Event));
        return balance;
    }

    /// <summary>
    /// The KPI report of the period: every transaction before its end is folded (the earlier ones make the
    /// balances at the end and the trailing burn), one at a time, so memory is per wallet, model and kind.
    /// </summary>
    public async Task<FinanceKpiReport> KpisAsync(string tenantId, FinancePeriod period, KpiQuery query, CancellationToken cancellationToken = default)
    {
        var kpis = new FinanceKpis(period.From, period.To, query.Top, query.Trailing);
        var books = new TenantBooks();
        await foreach (var stored in ledger.ReadTenantAsync(tenantId, DateTimeOffset.MinValue, period.To, cancellationToken: cancellationToken))
            kpis.Add(books.Journal(stored.Wallet, stored.Event));
        return kpis.Report();
    }

    public async Task<WalletStatement> StatementAsync(WalletKey wallet, FinancePeriod period, CancellationToken cancellationToken = default)
    {
        var statement = new WalletStatementBuilder(wallet.WalletId, period.From, period.To);
        var books = new TenantBooks();
        await foreach (var stored in ledger.ReadWalletAsync(wallet, DateTimeOffset.MinValue, period.To, cancellationToken))
            statement.Add(books.Post(stored.Wallet, stored.Event));
        return statement.Build();
    }
}
