using Microsoft.AspNetCore.Http;
using Waterfall.Dashboard.Components;
using Waterfall.Finance.Reconciliation;

namespace Waterfall.Dashboard.Pages;

/// <summary>
/// Admin only: every x402 top-up with its on-chain state (as <c>GET /v1/finance/topups</c> lists them), and the
/// reconciliation report against the chain for a block range, as <c>GET /v1/finance/reconciliation</c> gives it.
/// </summary>
internal static class SettlementPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, TopUpReconciliation reconciliation, TopUpHistory history,
        string? from_block, string? to_block, string? network)
    {
        var user = http.User();
        if (!user.CanAct) return Forbidden(http, "Top-ups and settlement");
        IReadOnlyList<NetworkReconciliation>? reports = null;
        IReadOnlyList<Domain.FieldViolation> errors = [];
        if (from_block is not null || to_block is not null)
        {
            errors = ReconciliationRange.Read(from_block, to_block, out var from, out var to);
            if (errors.Count == 0) reports = await reconciliation.ReconcileAsync(user.TenantId, from, to, network, http.RequestAborted);
        }
        // Every top-up and where it stands on chain: the list GET /v1/finance/topups answers with.
        var topUps = await history.ListAsync(user.TenantId, http.RequestAborted);
        return http.Page<SettlementView>(new
        {
            Frame = http.Frame("Top-ups & settlement", "settlement"), TopUps = topUps, Reports = reports, Errors = errors,
            FromBlock = from_block ?? "0", ToBlock = to_block ?? "", Network = network ?? "",
        }, errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    public static IResult Forbidden(HttpContext http, string page) =>
        http.Page<NotFoundView>(new { Frame = http.Frame(page), Message = $"{page} needs an Admin API key; this session's key has scope {http.User().Scope}." },
            StatusCodes.Status403Forbidden);
}
