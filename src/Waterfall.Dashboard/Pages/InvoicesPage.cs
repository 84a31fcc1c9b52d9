using Microsoft.AspNetCore.Http;
using Waterfall.Contracts.Cycles;
using Waterfall.Dashboard.Components;
using Waterfall.Domain;
using Waterfall.Domain.Invoices;
using Waterfall.FrontDoor.Services.Invoices;

namespace Waterfall.Dashboard.Pages;

/// <summary>
/// The tenant's invoices as <c>GET /v1/invoices</c> reads them (the tenant's invoice book grain), filtered by
/// status and customer, newest first, a page at a time; one invoice's lines, credits and amount due; its printable
/// document (the API's own <c>.html</c>); and, for an Admin key, issuing a draft or voiding a draft or issued invoice.
/// </summary>
internal static class InvoicesPage
{
    public const int PageSize = 25;

    public static async Task<IResult> ListAsync(HttpContext http, IGrainFactory grains, string? status, string? customer, int? page)
    {
        var user = http.User();
        var errors = new List<FieldViolation>();
        InvoiceStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (Enum.TryParse<InvoiceStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(status, out _)) wanted = s;
            else errors.Add(new("status", "must be draft, issued, paid or void"));
        }
        var customerId = string.IsNullOrWhiteSpace(customer) ? null : customer.Trim();
        if (customerId is not null && !Identifier.IsValid(customerId)) errors.Add(new("customer", "must be 1-128 characters of letters, digits and . _ : -"));
        IReadOnlyList<Invoice> all = [];
        if (errors.Count == 0)
            all = (await grains.InvoiceBook(user.TenantId).List(customerId))
                .Where(i => wanted is null || i.Status == wanted)
                .Reverse()
                .ToList();
        var pages = Math.Max(1, (all.Count + PageSize - 1) / PageSize);
        var number = Math.Clamp(page ?? 1, 1, pages);
        return http.Page<InvoicesView>(new
        {
            Frame = http.Frame("Invoices", "invoices"), Rows = all.Skip((number - 1) * PageSize).Take(PageSize).ToList(), Errors = errors,
            Status = wanted?.ToString().ToLowerInvariant() ?? "", Customer = customerId ?? "", Page = number, Pages = pages, Total = all.Count,
        }, errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    public static async Task<IResult> ShowAsync(string invoiceId, HttpContext http, IGrainFactory grains, string? done, string? error)
    {
        if (await FindAsync(invoiceId, http, grains) is not { } invoice) return NotFound(http, invoiceId);
        return http.Page<InvoiceDetail>(new
        {
            Frame = http.Frame(invoice.Number is { } n ? $"Invoice {n}" : $"Draft invoice {invoice.Id}", "invoices"), Invoice = invoice,
            Notice = done is null ? null : $"Invoice {done}.", Problem = error,
        });
    }

    /// <summary>The API's printable document; it has its own inline style (and no script), so it gets a policy of its own.</summary>
    public static async Task<IResult> PrintAsync(string invoiceId, HttpContext http, IGrainFactory grains)
    {
        if (await FindAsync(invoiceId, http, grains) is not { } invoice) return NotFound(http, invoiceId);
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        return Results.Content(InvoiceDocuments.Html(invoice), "text/html; charset=utf-8");
    }

    public static Task<IResult> IssueAsync(string invoiceId, HttpContext http, IGrainFactory grains) =>
        ActAsync(invoiceId, http, grains, "issued", (book, _) => book.Issue(invoiceId));

    public static Task<IResult> VoidAsync(string invoiceId, HttpContext http, IGrainFactory grains) =>
        ActAsync(invoiceId, http, grains, "voided", (book, form) => book.Void(invoiceId, form["reason"].ToString() is { Length: > 0 } r ? r.Trim() : null));

    /// <summary>A read key is refused before the form is read; the book decides the rest (a paid invoice is not voided, a voided one not issued).</summary>
    private static async Task<IResult> ActAsync(string invoiceId, HttpContext http, IGrainFactory grains, string done,
        Func<IInvoiceBookGrain, IFormCollection, Task<Contracts.Reply<Invoice>>> act)
    {
        var user = http.User();
        if (!user.CanAct)
            return Results.Text($"This API key has scope {user.Scope}; changing an invoice needs Admin.", statusCode: StatusCodes.Status403Forbidden);
        if (!Identifier.IsValid(invoiceId)) return NotFound(http, invoiceId);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form["reason"].ToString().Length > 500)
            return Results.Redirect($"{DashboardRoutes.Invoice(invoiceId)}?error={Uri.EscapeDataString("The reason must be at most 500 characters.")}");
        var reply = await act(grains.InvoiceBook(user.TenantId), form);
        var back = DashboardRoutes.Invoice(invoiceId);
        return reply.Receipt is not null
            ? Results.Redirect($"{back}?done={done}")
            : Results.Redirect($"{back}?error={Uri.EscapeDataString(reply.Refusal?.Message ?? "The invoice book refused.")}");
    }

    private static async Task<Invoice?> FindAsync(string invoiceId, HttpContext http, IGrainFactory grains) =>
        Identifier.IsValid(invoiceId) ? (await grains.InvoiceBook(http.User().TenantId).Get(invoiceId)).Receipt : null;

    private static IResult NotFound(HttpContext http, string invoiceId) =>
        http.Page<NotFoundView>(new { Frame = http.Frame("Not found", "invoices"), Message = $"This tenant has no invoice “{invoiceId}”." }, StatusCodes.Status404NotFound);
}
