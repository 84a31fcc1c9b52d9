using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Waterfall.Contracts.Cycles;
using Waterfall.Domain;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Http;
using Waterfall.FrontDoor.Http.Transcoding;

namespace Waterfall.FrontDoor.Services.Invoices;

/// <summary>
/// Invoices over HTTP (scope read): <c>GET /v1/invoices</c> and <c>/v1/invoices/{id}</c> as JSON, or CSV with
/// <c>?format=csv</c>, and <c>/v1/invoices/{id}.html</c> to print. Issue and void are the gRPC calls, transcoded;
/// paying is x402's 402 flow (<see cref="InvoicePaymentEndpoints"/>).
/// </summary>
public static class InvoiceEndpoints
{
    /// <summary>The invoice module's front door: the gRPC service (issue and void also over HTTP/JSON) and the document endpoints.</summary>
    public static IEndpointRouteBuilder MapWaterfallInvoices(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<InvoiceApi>().Add(TranscodedCalls.Apply);
        endpoints.MapGet("/v1/invoices", ListAsync);
        endpoints.MapGet("/v1/invoices/{invoiceId}.html", HtmlAsync);
        endpoints.MapGet("/v1/invoices/{invoiceId}", GetAsync);
        endpoints.MapInvoicePayments();
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpContext http, TenantDirectory tenants, IGrainFactory grains)
    {
        if (Authenticate(http, tenants, out var denied) is not { } caller) return denied!;
        string? customerId = http.Request.Query["customer_id"];
        if (customerId is not null && !Identifier.IsValid(customerId)) return HttpProblems.Invalid("customer_id", "must be 1-128 characters of letters, digits and . _ : -");
        if (Format(http) is not { } format) return HttpProblems.Invalid("format", "must be json or csv");
        var invoices = await grains.InvoiceBook(caller.TenantId).List(customerId);
        return format == "csv"
            ? Results.Text(InvoiceDocuments.Csv(invoices), "text/csv; charset=utf-8")
            : Results.Json(new { invoices }, InvoiceDocuments.JsonOptions);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string invoiceId, TenantDirectory tenants, IGrainFactory grains)
    {
        if (Authenticate(http, tenants, out var denied) is not { } caller) return denied!;
        if (Format(http) is not { } format) return HttpProblems.Invalid("format", "must be json or csv");
        if (!Identifier.IsValid(invoiceId)) return HttpProblems.Invalid("invoice_id", "must be 1-128 characters of letters, digits and . _ : -");
        var found = await grains.InvoiceBook(caller.TenantId).Get(invoiceId);
        if (found.Receipt is not { } invoice) return HttpProblems.From(found.Refusal!);
        return format == "csv"
            ? Results.Text(InvoiceDocuments.Csv([invoice]), "text/csv; charset=utf-8")
            : Results.Json(invoice, InvoiceDocuments.JsonOptions);
    }

    private static async Task<IResult> HtmlAsync(HttpContext http, string invoiceId, TenantDirectory tenants, IGrainFactory grains)
    {
        if (Authenticate(http, tenants, out var denied) is not { } caller) return denied!;
        if (!Identifier.IsValid(invoiceId)) return HttpProblems.Invalid("invoice_id", "must be 1-128 characters of letters, digits and . _ : -");
        var found = await grains.InvoiceBook(caller.TenantId).Get(invoiceId);
        if (found.Receipt is not { } invoice) return HttpProblems.From(found.Refusal!);
        return Results.Content(InvoiceDocuments.Html(invoice), "text/html; charset=utf-8");
    }

    private static string? Format(HttpContext http) => (string?)http.Request.Query["format"] switch
    {
        null or "" or "json" => "json",
        "csv" => "csv",
        _ => null,
    };

    private static Caller? Authenticate(HttpContext http, TenantDirectory tenants, out IResult? denied)
    {
        var caller = tenants.Authenticate(http.Request.Headers.Authorization, http.Request.Headers["x-api-key"], ApiScope.Read, out var refusal);
        denied = caller is null ? HttpProblems.From(refusal!) : null;
        return caller;
    }
}
