using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Waterfall.Contracts;
using Waterfall.Dashboard.Components;
using Waterfall.Dashboard.Reading;
using FieldViolation = Waterfall.Domain.FieldViolation;
using Identifier = Waterfall.Domain.Identifier;
using GrantKind = Waterfall.Domain.Grants.GrantKind;
using GrantSourceKind = Waterfall.Domain.Grants.GrantSourceKind;
using Waterfall.Domain.Money;
using WalletKey = Waterfall.Domain.Wallets.WalletKey;
using Waterfall.Finance;

namespace Waterfall.Dashboard.Pages;

/// <summary>
/// One wallet of the signed-in tenant: grants in burn order, open holds, a live balance, the period's
/// statement and its CSV. The wallet grain's key is built from the session's tenant, so another tenant's
/// wallet id names a wallet this tenant never opened: not found.
/// </summary>
internal static class WalletPage
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static async Task<IResult> ShowAsync(string walletId, HttpContext http, WalletGrains grains, FinanceQueries finance, TimeProvider clock,
        string? from, string? to, string? granted, string? error)
    {
        var user = http.User();
        if (!Identifier.IsValid(walletId)) return NotFound(http, walletId);
        var reply = await grains.Get(user.TenantId, walletId).Get();
        if (reply.Receipt is not { } view) return NotFound(http, walletId);
        var (period, errors) = Periods.Read(from, to, clock);
        var statement = await finance.StatementAsync(new WalletKey(user.TenantId, walletId), period, http.RequestAborted);
        return http.Page<WalletDetail>(new
        {
            Frame = http.Frame($"Wallet {walletId}", "wallets"), Wallet = view, Statement = statement, Errors = errors,
            Notice = granted is null ? null : $"Granted: {granted}.", Problem = error, GrantKey = $"dashboard-{Guid.NewGuid():N}",
        }, errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    /// <summary>Server-sent events: the wallet's balances now, then again whenever its sequence moves, until the page goes away.</summary>
    public static async Task StreamBalanceAsync(string walletId, HttpContext http, WalletGrains grains)
    {
        var user = http.User();
        if (!Identifier.IsValid(walletId) || (await grains.Get(user.TenantId, walletId).Get()).Receipt is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var wallet = grains.Get(user.TenantId, walletId);
        long sent = -1;
        var quiet = TimeSpan.Zero;
        using var timer = new PeriodicTimer(Poll);
        try
        {
            do
            {
                if ((await wallet.Get()).Receipt is { } view && view.Sequence != sent)
                {
                    sent = view.Sequence;
                    quiet = TimeSpan.Zero;
                    await http.Response.WriteAsync($"event: balance\ndata: {BalanceJson(view)}\n\n", http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                }
                else if ((quiet += Poll) >= Heartbeat)
                {
                    quiet = TimeSpan.Zero;
                    await http.Response.WriteAsync(": still here\n\n", http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                }
            }
            while (await timer.WaitForNextTickAsync(http.RequestAborted));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The page closed its stream.
        }
    }

    public static async Task<IResult> StatementCsvAsync(string walletId, HttpContext http, FinanceQueries finance, string? from, string? to)
    {
        var user = http.User();
        var violations = FinancePeriod.TryRead(from, to, null, out var period).ToList();
        if (!Identifier.IsValid(walletId)) violations.Add(new FieldViolation("wallet_id", "must be 1-128 characters of letters, digits and . _ : -"));
        if (violations.Count > 0) return Results.Text(string.Join("\n", violations.Select(v => $"{v.Field}: {v.Description}")), statusCode: StatusCodes.Status400BadRequest);
        var statement = await finance.StatementAsync(new WalletKey(user.TenantId, walletId), period, http.RequestAborted);
        var name = $"statement-{walletId}-{period.From.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{period.To.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.csv";
        return Results.File(System.Text.Encoding.UTF8.GetBytes(StatementCsv.Write(statement)), "text/csv; charset=utf-8", name);
    }

    /// <summary>Admin only: an operator grant of USD credit. The form's idempotency key makes a double submit one grant.</summary>
    public static async Task<IResult> GrantAsync(string walletId, HttpContext http, WalletGrains grains)
    {
        var user = http.User();
        if (!user.CanAct)
            return Results.Text($"This API key has scope {user.Scope}; granting credit needs Admin.", statusCode: StatusCodes.Status403Forbidden);
        if (!Identifier.IsValid(walletId)) return NotFound(http, walletId);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var kind = form["kind"].ToString() is { Length: > 0 } k ? k : GrantKind.Purchased.Code;
        var key = form["idempotency_key"].ToString();
        var back = DashboardRoutes.Wallet(walletId);
        string? problem = null;
        if (!decimal.TryParse(form["amount"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var usd) || usd <= 0 || decimal.Round(usd, 9) != usd)
            problem = "The amount must be a positive number of dollars, e.g. 12.50.";
        else if (!GrantKind.IsValidCode(kind) || new GrantKind(kind).DefaultPriority is not { } priority)
            problem = "The kind must be purchased, bonus or promotional.";
        else if (!Identifier.IsValid(key))
            problem = "The form has no idempotency key: reload the page.";
        else
        {
            var terms = new GrantTerms(kind, new Contracts.Amount((long)(usd * 1_000_000_000m), CreditUnit.Usd.Code), priority, null, null,
                new GrantScope([], [], []), (int)GrantSourceKind.Operator, $"dashboard:{user.KeyName}", null);
            var reply = await grains.Get(user.TenantId, walletId).Grant(new GrantCredits(key, terms, null));
            if (reply.Receipt is { } receipt) return Results.Redirect($"{back}?granted={Uri.EscapeDataString(receipt.Grant)}");
            problem = reply.Refusal?.Message ?? "The wallet refused the grant.";
        }
        return Results.Redirect($"{back}?error={Uri.EscapeDataString(problem)}");
    }

    private static IResult NotFound(HttpContext http, string walletId) =>
        http.Page<NotFoundView>(new { Frame = http.Frame("Not found", "wallets"), Message = $"This tenant has no wallet “{walletId}”." }, StatusCodes.Status404NotFound);

    private static string BalanceJson(WalletView view) => JsonSerializer.Serialize(new
    {
        sequence = view.Sequence,
        balances = view.Balances.Select(b => new
        {
            unit = b.Unit, total = b.Total, held = b.Held, available = b.Available,
            total_text = MoneyText.Format(b.Total, b.Unit), held_text = MoneyText.Format(b.Held, b.Unit), available_text = MoneyText.Format(b.Available, b.Unit),
        }),
    });
}
