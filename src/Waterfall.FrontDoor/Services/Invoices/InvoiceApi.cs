using Grpc.Core;
using Waterfall.Contracts.Cycles;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Mapping;
using Waterfall.FrontDoor.Services.Billing;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Services.Invoices;

/// <summary>Invoices over gRPC: the tenant's invoice book grain answers; the caller's key names the tenant.</summary>
public sealed partial class InvoiceApi(IGrainFactory grains, TenantDirectory tenants, TopUps.InvoicePayments payments) : V1.InvoiceService.InvoiceServiceBase
{
    public override async Task<V1.ListInvoicesResponse> ListInvoices(V1.ListInvoicesRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var read = new RequestReader();
        var customerId = read.OptionalId(request.CustomerId, "customer_id");
        read.ThrowIfInvalid();
        var response = new V1.ListInvoicesResponse();
        response.Invoices.AddRange((await grains.InvoiceBook(caller.TenantId).List(customerId)).Select(i => i.ToProto()));
        return response;
    }

    public override async Task<V1.Invoice> GetInvoice(V1.GetInvoiceRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Read);
        var id = InvoiceId(request.InvoiceId);
        return BillingReplies.Accepted(await grains.InvoiceBook(caller.TenantId).Get(id)).ToProto();
    }

    public override async Task<V1.Invoice> IssueInvoice(V1.IssueInvoiceRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var id = InvoiceId(request.InvoiceId);
        return BillingReplies.Accepted(await grains.InvoiceBook(caller.TenantId).Issue(id)).ToProto();
    }

    public override async Task<V1.Invoice> VoidInvoice(V1.VoidInvoiceRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Admin);
        var read = new RequestReader();
        var id = read.Id(request.InvoiceId, "invoice_id");
        var reason = read.OptionalText(request.Reason, "reason");
        read.ThrowIfInvalid();
        return BillingReplies.Accepted(await grains.InvoiceBook(caller.TenantId).Void(id, reason)).ToProto();
    }

    private static string InvoiceId(string value)
    {
        var read = new RequestReader();
        var id = read.Id(value, "invoice_id");
        read.ThrowIfInvalid();
        return id;
    }
}
