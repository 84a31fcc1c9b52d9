using Grpc.Core;
using Waterfall.Api.V1;

namespace Waterfall.Client;

/// <summary>Finance: the tenant's journal, trial balance, KPIs and wallet statements (read key), and top-up reconciliation (admin key).</summary>
public sealed partial class WaterfallClient
{
    private FinanceService.FinanceServiceClient Finance => new(_connection);

    /// <summary>
    /// Every posting of the period's transactions, as the server streams them (a period of millions of lines
    /// is never held by either side). <paramref name="from"/> and <paramref name="to"/> are ISO 8601 dates or
    /// date-times; without an offset they are read in <paramref name="timeZone"/> (IANA; default UTC).
    /// </summary>
    public async IAsyncEnumerable<JournalLine> ExportJournalAsync(string from, string to, string? timeZone = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ExportJournalRequest { Period = PeriodOf(from, to, timeZone) };
        using var call = Finance.ExportJournal(request, new CallOptions(_headers, cancellationToken: cancellationToken));
        while (true)
        {
            bool more;
            try
            {
                more = await call.ResponseStream.MoveNext(cancellationToken);
            }
            catch (RpcException ex)
            {
                throw new WaterfallException(ex);
            }
            if (!more) yield break;
            yield return call.ResponseStream.Current;
        }
    }

    /// <summary>Per account and unit: balance at <paramref name="from"/>, the period's debits and credits, balance at <paramref name="to"/>.</summary>
    public Task<TrialBalance> GetTrialBalanceAsync(string from, string to, string? timeZone = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => Finance.GetTrialBalanceAsync(r, o), new TrialBalanceRequest { Period = PeriodOf(from, to, timeZone) }, cancellationToken);

    /// <summary>The wallet's credit at the start, every transaction of the period with what it changed, and its credit at the end.</summary>
    public Task<WalletStatement> GetWalletStatementAsync(string walletId, string from, string to, string? timeZone = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => Finance.GetWalletStatementAsync(r, o),
            new WalletStatementRequest { WalletId = walletId, Period = PeriodOf(from, to, timeZone) }, cancellationToken);

    /// <summary>
    /// Finance's KPIs of the period: deferred revenue, recognized revenue, breakage, promotional usage, utilization
    /// and the waterfall by grant kind, overage, open holds, top wallets and models, runway per wallet.
    /// </summary>
    public Task<FinanceKpis> GetKpisAsync(string from, string to, string? timeZone = null, int top = 0, int trailingDays = 0, CancellationToken cancellationToken = default) =>
        Call((o, r) => Finance.GetKpisAsync(r, o), new KpiRequest { Period = PeriodOf(from, to, timeZone), Top = top, TrailingDays = trailingDays }, cancellationToken);

    /// <summary>On-chain transfers to each top-up treasury in the block range against the ledger's settled top-ups (admin key).</summary>
    public Task<ReconciliationReport> ReconcileTopUpsAsync(long fromBlock, long toBlock, string? network = null, CancellationToken cancellationToken = default) =>
        Call((o, r) => Finance.ReconcileAsync(r, o), new ReconcileRequest { FromBlock = fromBlock, ToBlock = toBlock, Network = network ?? "" }, cancellationToken);

    private static Period PeriodOf(string from, string to, string? timeZone) => new() { From = from, To = to, TimeZone = timeZone ?? "" };
}
