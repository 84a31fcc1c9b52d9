using Grpc.Core;
using Waterfall.FrontDoor.Auth;
using Waterfall.FrontDoor.Mapping;
using Waterfall.TopUps;
using Waterfall.X402;
using V1 = Waterfall.Api.V1;

namespace Waterfall.FrontDoor.Services.Invoices;

/// <summary>Paying an invoice over gRPC: the requirements and the payment, handed to <see cref="InvoicePayments"/> as the HTTP 402 flow is.</summary>
public sealed partial class InvoiceApi
{
    public override async Task<V1.TopUpRequirements> GetInvoicePaymentRequirements(V1.GetInvoicePaymentRequirementsRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Meter);
        var id = InvoiceId(request.InvoiceId);
        return TopUpApi.Write(TopUpApi.Accepted(await payments.RequirementsAsync(caller.TenantId, id, request.Network, ResourceUrl(id))));
    }

    public override async Task<V1.PayInvoiceResponse> PayInvoice(V1.PayInvoiceRequest request, ServerCallContext context)
    {
        var caller = tenants.Authenticate(context, ApiScope.Meter);
        var read = new RequestReader();
        var id = read.Id(request.InvoiceId, "invoice_id");
        if (string.IsNullOrWhiteSpace(request.PaymentSignature)) read.Violation("payment_signature", "is required (the PAYMENT-SIGNATURE header value)");
        TimeSpan? wait = null;
        if (request.Wait is { } duration)
        {
            wait = read.Span(duration, "wait");
            if (wait < TimeSpan.Zero || wait > TimeSpan.FromMinutes(10)) read.Violation("wait", "must be between 0 and 10 minutes");
        }
        read.ThrowIfInvalid();
        return Write(TopUpApi.Accepted(await payments.PayAsync(caller.TenantId, id, request.PaymentSignature.Trim(), wait, context.CancellationToken)));
    }

    /// <summary>A name for the invoice's payment in x402's resource field; the HTTP API uses its real URL.</summary>
    internal static string ResourceUrl(string invoiceId) => $"waterfall:invoices/{invoiceId}/pay";

    internal static V1.PayInvoiceResponse Write(InvoicePaymentResult paid) => new()
    {
        Invoice = paid.Invoice.ToProto(),
        Nonce = paid.Settlement.Nonce,
        Network = paid.Network,
        Payer = paid.Settlement.Payer,
        Amount = new V1.Amount { Value = Domain.Money.NanoDollars.FromUsdcAtomicUnits(paid.Settlement.Value), Unit = "usd" },
        State = TopUpApi.StateOf(paid.Settlement.State),
        TransactionHash = paid.Settlement.TransactionHash ?? "",
        FailureReason = paid.Settlement.FailureReason ?? "",
        Replayed = paid.Replayed,
        PaymentResponse = X402Headers.EncodePaymentResponse(paid.ToSettleResponse()),
    };
}
