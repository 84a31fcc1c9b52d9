using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Waterfall.Domain;
using Waterfall.Domain.Finance;
using Waterfall.Domain.Wallets;
using Waterfall.Finance.Journal;
using Waterfall.Finance.Reconciliation;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Http;

namespace Waterfall.Finance;

/// <summary>
/// Finance over plain HTTP: <c>GET /v1/finance/journal</c> (CSV or JSON Lines, streamed as it is read),
/// <c>/trial-balance</c>, <c>/kpis</c> and <c>/wallets/{id}/statement</c> (scope read), <c>/reconciliation</c> and <c>/topups</c> (scope admin).
/// Bad input is a problem document whose <c>reason</c> is the gRPC API's, and reads nothing.
/// </summary>
public static class FinanceEndpoints
{
    public static IEndpointRouteBuilder MapFinanceHttp(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/finance/journal", JournalAsync);
        endpoints.MapGet("/v1/finance/trial-balance", TrialBalanceAsync);
        endpoints.MapGet("/v1/finance/kpis", KpisAsync);
        endpoints.MapGet("/v1/finance/wallets/{walletId}/statement", StatementAsync);
        endpoints.MapGet("/v1/finance/reconciliation", ReconciliationAsync);
        endpoints.MapGet("/v1/finance/topups", TopUpsAsync);
        return endpoints;
    }

    private static async Task<IResult> JournalAsync(HttpContext http, TenantDirectory tenants, FinanceQueries finance)
    {
        if (Authenticate(http, tenants, ApiScope.Read, out var denied) is not { } caller) return denied!;
        var format = JournalFormat.Named(http.Request.Query["format"]);
        var violations = ReadPeriod(http.Request, out var period).ToList();
        if (format is null) violations.Add(new FieldViolation("format", "must be csv or json"));
        if (violations.Count > 0) return HttpProblems.From(Refusal.Invalid([.. violations]));

        http.Response.ContentType = format!.ContentType;
        http.Response.Headers.ContentDisposition =
            $"attachment; filename=\"journal-{caller.TenantId}-{period.From.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{period.To.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.{format.FileExtension}\"";
        try
        {
            await JournalExport.WriteAsync(finance.JournalAsync(caller.TenantId, period, http.RequestAborted), format, http.Response.Body, http.RequestAborted);
        }
        catch (Exception) when (http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            // Too late for a status: cut the connection, so the client sees a broken download, never a short file that looks whole.
            http.Abort();
        }
        return Results.Empty;
    }

    private static async Task<IResult> TrialBalanceAsync(HttpContext http, TenantDirectory tenants, FinanceQueries finance)
    {
        if (Authenticate(http, tenants, ApiScope.Read, out var denied) is not { } caller) return denied!;
        if (ReadPeriod(http.Request, out var period) is { Count: > 0 } violations) return HttpProblems.From(Refusal.Invalid([.. violations]));
        var balance = await finance.TrialBalanceAsync(caller.TenantId, period, http.RequestAborted);
        return Results.Json(new
        {
            from = period.From,
            to = period.To,
            lines = balance.Rows().Select(r => new { account = r.Account, unit = r.Unit.Code, opening = r.Opening, debits = r.Debits, credits = r.Credits, closing = r.Closing }),
            totals = balance.Totals().Select(a => new { value = a.Value, unit = a.Unit.Code }),
        });
    }

    private static async Task<IResult> KpisAsync(HttpContext http, TenantDirectory tenants, FinanceQueries finance)
    {
        if (Authenticate(http, tenants, ApiScope.Read, out var denied) is not { } caller) return denied!;
        var violations = ReadPeriod(http.Request, out var period).ToList();
        violations.AddRange(KpiQuery.TryRead(http.Request.Query["top"], http.Request.Query["trailing_days"], out var query));
        if (violations.Count > 0) return HttpProblems.From(Refusal.Invalid([.. violations]));
        return Results.Json(KpiWire.ToJson(await finance.KpisAsync(caller.TenantId, period, query, http.RequestAborted)));
    }

    private static async Task<IResult> StatementAsync(string walletId, HttpContext http, TenantDirectory tenants, FinanceQueries finance)
    {
        if (Authenticate(http, tenants, ApiScope.Read, out var denied) is not { } caller) return denied!;
        var violations = ReadPeriod(http.Request, out var period).ToList();
        if (!Identifier.IsValid(walletId)) violations.Add(new FieldViolation("wallet_id", "must be 1-128 characters of letters, digits and . _ : -"));
        if (violations.Count > 0) return HttpProblems.From(Refusal.Invalid([.. violations]));
        var statement = await finance.StatementAsync(new WalletKey(caller.TenantId, walletId), period, http.RequestAborted);
        return Results.Json(Describe(statement));
    }

    private static async Task<IResult> ReconciliationAsync(HttpContext http, TenantDirectory tenants, TopUpReconciliation reconciliation)
    {
        if (Authenticate(http, tenants, ApiScope.Admin, out var denied) is not { } caller) return denied!;
        var violations = ReconciliationRange.Read(http.Request.Query["from_block"], http.Request.Query["to_block"], out var from, out var to);
        if (violations.Count > 0) return HttpProblems.From(Refusal.Invalid([.. violations]));
        var reports = await reconciliation.ReconcileAsync(caller.TenantId, from, to, http.Request.Query["network"], http.RequestAborted);
        return Results.Json(new { networks = reports.Select(Describe) });
    }

    private static async Task<IResult> TopUpsAsync(HttpContext http, TenantDirectory tenants, TopUpHistory history)
    {
        if (Authenticate(http, tenants, ApiScope.Admin, out var denied) is not { } caller) return denied!;
        var topUps = await history.ListAsync(caller.TenantId, http.RequestAborted);
        return Results.Json(new
        {
            topups = topUps.Select(t => new
            {
                nonce = t.Nonce, network = t.Network, wallet_id = t.WalletId, grant_id = t.GrantId, payer = t.Payer, value = t.Value,
                state = t.State.ToString().ToLowerInvariant(), transaction_hash = t.TransactionHash, block_number = t.BlockNumber,
                failure_reason = t.FailureReason, credited_at = t.CreditedAt,
            }),
        });
    }

    private static Caller? Authenticate(HttpContext http, TenantDirectory tenants, ApiScope scope, out IResult? denied)
    {
        var caller = tenants.Authenticate(http.Request.Headers.Authorization, http.Request.Headers["x-api-key"], scope, out var refusal);
        denied = caller is null ? HttpProblems.From(refusal!) : null;
        return caller;
    }

    private static IReadOnlyList<FieldViolation> ReadPeriod(HttpRequest request, out FinancePeriod period) =>
        FinancePeriod.TryRead(request.Query["from"], request.Query["to"], request.Query["time_zone"], out period);

    private static object Describe(WalletStatement s) => new
    {
        wallet_id = s.WalletId,
        from = s.From,
        to = s.To,
        opening = s.Opening.Select(a => new { value = a.Value, unit = a.Unit.Code }),
        lines = s.Lines.Select(l => new
        {
            seq = l.Sequence,
            at = l.At,
            kind = l.Kind.ToString(),
            idempotency_key = l.IdempotencyKey,
            changes = l.Changes.Select(a => new { value = a.Value, unit = a.Unit.Code }),
        }),
        closing = s.Closing.Select(a => new { value = a.Value, unit = a.Unit.Code }),
    };

    private static object Describe(NetworkReconciliation r) => new
    {
        network = r.Network,
        asset = r.Asset,
        treasury = r.Treasury,
        from_block = r.FromBlock,
        to_block = r.ToBlock,
        matched = r.Matched,
        matched_value = r.MatchedValue,
        clean = r.IsClean,
        on_chain_only = r.OnChainOnly.Select(t => new { transaction_hash = t.TransactionHash, block_number = t.BlockNumber, from = t.From, value = t.Value }),
        ledger_only = r.LedgerOnly.Select(Describe),
        reversed = r.Reversed.Select(Describe),
    };

    private static object Describe(TopUpRecord t) => new
    {
        nonce = t.Nonce,
        grant_id = t.GrantId,
        wallet_id = t.WalletId,
        payer = t.Payer,
        value = t.Value,
        transaction_hash = t.TransactionHash,
        block_number = t.BlockNumber,
        failure_reason = t.FailureReason,
    };
}
