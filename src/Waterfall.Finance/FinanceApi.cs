using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Waterfall.Domain;
using Waterfall.Domain.Finance;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;
using Waterfall.Finance.Reconciliation;
using Waterfall.FrontDoor;
using Waterfall.FrontDoor.Auth;
using V1 = Waterfall.Api.V1;

namespace Waterfall.Finance;

/// <summary>FinanceService over gRPC: authenticate, read the period, ask <see cref="FinanceQueries"/>, map to the wire.</summary>
public sealed class FinanceApi(FinanceQueries finance, TopUpReconciliation reconciliation, TenantDirectory tenants) : V1.FinanceService.FinanceServiceBase
{
    public override async Task ExportJournal(V1.ExportJournalRequest request, IServerStreamWriter<V1.JournalLine> responseStream, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var period = Period(request.Period);
        await foreach (var line in finance.JournalAsync(caller.TenantId, period, context.CancellationToken))
            await responseStream.WriteAsync(Write(line), context.CancellationToken);
    }

    public override async Task<V1.TrialBalance> GetTrialBalance(V1.TrialBalanceRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var period = Period(request.Period);
        var balance = await finance.TrialBalanceAsync(caller.TenantId, period, context.CancellationToken);
        var answer = new V1.TrialBalance { From = Timestamp.FromDateTimeOffset(period.From), To = Timestamp.FromDateTimeOffset(period.To) };
        answer.Lines.AddRange(balance.Rows().Select(r => new V1.TrialBalanceLine
        {
            Account = r.Account, Unit = r.Unit.Code, Opening = r.Opening, Debits = r.Debits, Credits = r.Credits, Closing = r.Closing,
        }));
        answer.Totals.AddRange(balance.Totals().Select(Write));
        return answer;
    }

    public override async Task<V1.WalletStatement> GetWalletStatement(V1.WalletStatementRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var violations = FinancePeriod.TryRead(request.Period?.From, request.Period?.To, request.Period?.TimeZone, out var period).ToList();
        if (!Identifier.IsValid(request.WalletId)) violations.Add(new FieldViolation("wallet_id", "must be 1-128 characters of letters, digits and . _ : -"));
        if (violations.Count > 0) throw RpcErrors.Invalid(violations);
        var statement = await finance.StatementAsync(new WalletKey(caller.TenantId, request.WalletId), period, context.CancellationToken);
        var answer = new V1.WalletStatement
        {
            WalletId = statement.WalletId, From = Timestamp.FromDateTimeOffset(statement.From), To = Timestamp.FromDateTimeOffset(statement.To),
        };
        answer.Opening.AddRange(statement.Opening.Select(Write));
        answer.Closing.AddRange(statement.Closing.Select(Write));
        foreach (var line in statement.Lines)
        {
            var message = new V1.StatementLine { Seq = line.Sequence, At = Timestamp.FromDateTimeOffset(line.At), Kind = line.Kind.ToString(), IdempotencyKey = line.IdempotencyKey ?? "" };
            message.Changes.AddRange(line.Changes.Select(Write));
            answer.Lines.Add(message);
        }
        return answer;
    }

    public override async Task<V1.FinanceKpis> GetKpis(V1.KpiRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var violations = FinancePeriod.TryRead(request.Period?.From, request.Period?.To, request.Period?.TimeZone, out var period).ToList();
        violations.AddRange(KpiQuery.TryRead(request.Top, request.TrailingDays, out var query));
        if (violations.Count > 0) throw RpcErrors.Invalid(violations);
        return KpiWire.ToMessage(await finance.KpisAsync(caller.TenantId, period, query, context.CancellationToken));
    }

    public override async Task<V1.ReconciliationReport> Reconcile(V1.ReconcileRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        if (ReconciliationRange.Check(request.FromBlock, request.ToBlock) is { Count: > 0 } violations) throw RpcErrors.Invalid(violations);
        var reports = await reconciliation.ReconcileAsync(caller.TenantId, request.FromBlock, request.ToBlock, request.Network, context.CancellationToken);
        var answer = new V1.ReconciliationReport();
        foreach (var r in reports)
        {
            var network = new V1.NetworkReconciliation
            {
                Network = r.Network, Asset = r.Asset, Treasury = r.Treasury, FromBlock = r.FromBlock, ToBlock = r.ToBlock,
                Matched = r.Matched, MatchedValue = r.MatchedValue, Clean = r.IsClean,
            };
            network.OnChainOnly.AddRange(r.OnChainOnly.Select(t => new V1.ChainTransfer { TransactionHash = t.TransactionHash, BlockNumber = t.BlockNumber, From = t.From, Value = t.Value }));
            network.LedgerOnly.AddRange(r.LedgerOnly.Select(Write));
            network.Reversed.AddRange(r.Reversed.Select(Write));
            answer.Networks.Add(network);
        }
        return answer;
    }

    private static FinancePeriod Period(V1.Period? period)
    {
        var violations = FinancePeriod.TryRead(period?.From, period?.To, period?.TimeZone, out var read);
        return violations.Count > 0 ? throw RpcErrors.Invalid(violations) : read;
    }

    private static V1.JournalLine Write(JournalLine line) => new()
    {
        TransactionId = line.TransactionId, WalletId = line.Wallet.WalletId, Seq = line.Sequence, At = Timestamp.FromDateTimeOffset(line.At), Kind = line.Kind.ToString(),
        Line = line.Line, Account = line.AccountCode, AccountClass = JournalCsv.ClassCode(line.AccountClass), Unit = line.Unit.Code, Debit = line.Debit, Credit = line.Credit,
        GrantId = line.Grant?.Value ?? "", GrantKind = line.GrantKind?.Code ?? "", HoldId = line.Hold?.Value ?? "", IdempotencyKey = line.IdempotencyKey ?? "",
        CustomerId = line.Attribution.CustomerId ?? "", AgentId = line.Attribution.AgentId ?? "", RequestId = line.Attribution.RequestId ?? "",
        Model = line.Attribution.Model ?? "", Provider = line.Attribution.Provider ?? "", EndUser = line.Attribution.EndUser ?? "",
        InputTokens = line.Attribution.InputTokens ?? 0, OutputTokens = line.Attribution.OutputTokens ?? 0,
    };

    private static V1.Amount Write(Amount amount) => new() { Value = amount.Value, Unit = amount.Unit.Code };

    private static V1.TopUpRecord Write(TopUpRecord t) => new()
    {
        Nonce = t.Nonce, GrantId = t.GrantId ?? "", WalletId = t.WalletId, Payer = t.Payer, Value = t.Value,
        TransactionHash = t.TransactionHash ?? "", BlockNumber = t.BlockNumber ?? 0, FailureReason = t.FailureReason ?? "",
    };
}
