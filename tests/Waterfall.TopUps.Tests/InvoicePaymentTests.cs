using System.Net;
using System.Text.Json;
using Waterfall.Api.V1;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.ChainTestSupport;
using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Billing;
using Waterfall.TestSupport;
using Waterfall.X402.Contracts;
using Waterfall.X402;
using Invoice = Waterfall.Domain.Invoices.Invoice;
using DomainStatus = Waterfall.Domain.Invoices.InvoiceStatus;
using BillingMode = Waterfall.Domain.Billing.BillingMode;

namespace Waterfall.TopUps.Tests;

/// <summary>Paying an issued invoice in USDC over x402, on anvil: the 402, the payment, its settlement through the batcher, and replays.</summary>
[Collection("topups")]
public sealed class InvoicePaymentTests(TopUpSilo silo)
{
    private static readonly DateTimeOffset PeriodEnd = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An issued invoice of a fresh wallet, as a period's close files it (numbered and posted to the receivable).</summary>
    private async Task<Invoice> IssuedInvoiceAsync(long amountDue)
    {
        var walletId = await silo.NewWalletAsync();
        var customer = $"c-{Guid.NewGuid():N}";
        var draft = new Invoice(Invoice.IdFor(customer, "s1", 1), null, DomainStatus.Draft, customer, "s1", walletId, "plan", 1, BillingMode.Postpaid,
            new PeriodSpan(1, PeriodEnd.AddMonths(-1), PeriodEnd), [], [], amountDue, amountDue, 0, PeriodEnd);
        var closed = await silo.Grains.InvoiceBook(TopUpSilo.TenantId).Close(draft);
        Assert.Null(closed.Refusal);
        Assert.Equal(DomainStatus.Issued, closed.Receipt!.Status);
        return closed.Receipt;
    }

    private async Task<HttpResponseMessage> PostPay(string invoiceId, string? paymentSignature = null, string header = X402Headers.PaymentSignature, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/invoices/{invoiceId}/pay{query}");
        if (paymentSignature is not null) request.Headers.TryAddWithoutValidation(header, paymentSignature);
        return await silo.Http.SendAsync(request);
    }

    private async Task<PaymentRequired> RequirementsFor(string invoiceId)
    {
        using var response = await PostPay(invoiceId);
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        return X402Headers.DecodePaymentRequired(Assert.Single(response.Headers.GetValues(X402Headers.PaymentRequired)));
    }

    private static string Sign(PaymentRequired required, EthPrivateKey payer) =>
        X402Headers.EncodePaymentSignature(ExactEvmPayer.CreatePaymentPayload(required.Accepts[0], payer, required.Resource));

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<List<LedgerTransaction>> PaymentsIn(string walletId) =>
        (await silo.LedgerAsync(walletId)).Where(t => t.Kind == "InvoicePaid").ToList();

    private async Task<Invoice> InvoiceAsync(string invoiceId) => (await silo.Grains.InvoiceBook(TopUpSilo.TenantId).Get(invoiceId)).Receipt!;

    [Fact]
    public async Task An_unpaid_invoice_answers_402_with_requirements_for_its_amount_due_rounded_up_to_a_whole_USDC_unit()
    {
        var invoice = await IssuedInvoiceAsync(1_234_567_001);

        var required = await RequirementsFor(invoice.Id);

        var option = Assert.Single(required.Accepts);
        Assert.Equal("exact", option.Scheme);
        Assert.Equal(TopUpSilo.NetworkId, option.Network);
        Assert.Equal("1234568", option.Amount);
        Assert.Equal(silo.Chain.Token.ToString(), option.Asset);
        Assert.Equal(silo.PayTo.ToString(), option.PayTo);
        Assert.EndsWith($"/v1/invoices/{invoice.Id}/pay", required.Resource.Url);
        Assert.Contains(invoice.Number!, required.Resource.Description);
    }

    [Fact]
    public async Task An_invoice_paid_over_x402_on_anvil_is_marked_paid_once_and_the_transfer_is_on_chain()
    {
        var invoice = await IssuedInvoiceAsync(7_250_000_000);
        var payer = await silo.Chain.NewPayerAsync(Usdc.Units(10m));
        var payToBefore = await silo.Chain.BalanceOfAsync(silo.PayTo);

        using var paid = await PostPay(invoice.Id, Sign(await RequirementsFor(invoice.Id), payer));

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var settle = X402Headers.DecodePaymentResponse(Assert.Single(paid.Headers.GetValues(X402Headers.PaymentResponse)));
        Assert.True(settle.Success);
        Assert.Equal(payer.Address.ToString(), settle.Payer, ignoreCase: true);
        var receipt = await silo.Chain.Client.GetTransactionReceiptAsync(Bytes32.Parse(settle.Transaction));
        Assert.True(receipt!.Succeeded);
        var body = await Json(paid);
        Assert.Equal("paid", body.GetProperty("invoice").GetProperty("status").GetString());
        Assert.Equal("settled", body.GetProperty("payment").GetProperty("state").GetString());
        Assert.False(body.GetProperty("replayed").GetBoolean());

        Assert.Equal(payToBefore + 7_250_000, await silo.Chain.BalanceOfAsync(silo.PayTo));
        var stored = await InvoiceAsync(invoice.Id);
        Assert.Equal(DomainStatus.Paid, stored.Status);
        Assert.Equal(settle.Transaction, stored.Payment!.TransactionHash);
        var posting = Assert.Single(await PaymentsIn(invoice.WalletId));
        Assert.Equal(7_250_000_000, posting.Postings.Single(p => p.Account == "treasury").Amount.Value);
        Assert.Equal(settle.Transaction, posting.Attribution.TransactionHash);
        // Issuing posted the receivable; the payment settles it to zero.
        var ledger = await silo.LedgerAsync(invoice.WalletId);
        Assert.Equal(0, ledger.SelectMany(t => t.Postings).Where(p => p.Account == "receivable").Sum(p => p.Amount.Value));
    }

    [Fact]
    public async Task A_replay_of_the_payment_pays_nothing_twice_and_answers_the_first_result()
    {
        var invoice = await IssuedInvoiceAsync(3_000_000_000);
        var payer = await silo.Chain.NewPayerAsync(Usdc.Units(10m));
        var signature = Sign(await RequirementsFor(invoice.Id), payer);
        using var first = await PostPay(invoice.Id, signature);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstSettle = X402Headers.DecodePaymentResponse(Assert.Single(first.Headers.GetValues(X402Headers.PaymentResponse)));
        var payToAfterFirst = await silo.Chain.BalanceOfAsync(silo.PayTo);

        using var again = await PostPay(invoice.Id, signature);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = await Json(again);
        Assert.True(body.GetProperty("replayed").GetBoolean());
        Assert.Equal("paid", body.GetProperty("invoice").GetProperty("status").GetString());
        var settle = X402Headers.DecodePaymentResponse(Assert.Single(again.Headers.GetValues(X402Headers.PaymentResponse)));
        Assert.Equal(firstSettle.Transaction, settle.Transaction);
        Assert.Equal(payToAfterFirst, await silo.Chain.BalanceOfAsync(silo.PayTo));
        Assert.Equal(Usdc.Units(10m) - 3_000_000, await silo.Chain.BalanceOfAsync(payer.Address));
        Assert.Single(await PaymentsIn(invoice.WalletId));
    }

    [Fact]
    public async Task A_new_payment_for_a_paid_invoice_is_refused_with_its_state_and_takes_nothing()
    {
        var invoice = await IssuedInvoiceAsync(1_000_000_000);
        var payer = await silo.Chain.NewPayerAsync(Usdc.Units(10m));
        var required = await RequirementsFor(invoice.Id);
        using var paid = await PostPay(invoice.Id, Sign(required, payer));
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var second = ExactEvmPayer.CreatePaymentPayload(required.Accepts[0], payer, required.Resource);

        using var refused = await PostPay(invoice.Id, X402Headers.EncodePaymentSignature(second));
        using var asked = await PostPay(invoice.Id);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("INVOICE_STATE_CONFLICT", (await Json(refused)).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, asked.StatusCode);
        Assert.False(await silo.Chain.AuthorizationStateAsync(payer.Address, Bytes32.Parse(second.Payload.GetProperty("authorization").GetProperty("nonce").GetString()!)));
        Assert.Equal(Usdc.Units(10m) - 1_000_000, await silo.Chain.BalanceOfAsync(payer.Address));
        Assert.Single(await PaymentsIn(invoice.WalletId));
    }

    [Fact]
    public async Task A_void_invoice_cannot_be_paid_and_nothing_is_held_or_taken()
    {
        var invoice = await IssuedInvoiceAsync(2_000_000_000);
        var required = await RequirementsFor(invoice.Id);
        Assert.Null((await silo.Grains.InvoiceBook(TopUpSilo.TenantId).Void(invoice.Id, "billed twice")).Refusal);
        var payer = await silo.Chain.NewPayerAsync(Usdc.Units(10m));

        using var asked = await PostPay(invoice.Id);
        using var refused = await PostPay(invoice.Id, Sign(required, payer));

        Assert.Equal(HttpStatusCode.Conflict, asked.StatusCode);
        var problem = await Json(refused);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("INVOICE_STATE_CONFLICT", problem.GetProperty("reason").GetString());
        Assert.Equal("VOID", problem.GetProperty("metadata").GetProperty("status").GetString());
        var stored = await InvoiceAsync(invoice.Id);
        Assert.Equal(DomainStatus.Void, stored.Status);
        Assert.Null(stored.Payment);
        Assert.Equal(Usdc.Units(10m), await silo.Chain.BalanceOfAsync(payer.Address));
    }

    [Fact]
    public async Task An_unknown_invoice_is_404_before_anyone_signs()
    {
        using var response = await PostPay("no-such-invoice");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("INVOICE_NOT_FOUND", (await Json(response)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_invoice_is_paid_over_gRPC_with_the_SDK_and_the_invoice_shows_its_payment()
    {
        var invoice = await IssuedInvoiceAsync(4_500_000_000);
        var payer = await silo.Chain.NewPayerAsync(Usdc.Units(10m));
        using var client = silo.Client;

        var requirements = await client.GetInvoicePaymentRequirementsAsync(invoice.Id);
        Assert.Equal("4500000", Assert.Single(requirements.Accepts).Amount);
        var paid = await client.PayInvoiceAsync(invoice.Id, Sign(X402Headers.DecodePaymentRequired(requirements.PaymentRequired), payer), TimeSpan.FromSeconds(30));

        Assert.Equal(TopUpState.Settled, paid.State);
        Assert.Equal(Api.V1.InvoiceStatus.Paid, paid.Invoice.Status);
        Assert.Equal(4_500_000_000, paid.Amount.Value);
        Assert.False(paid.Replayed);
        var read = await client.GetInvoiceAsync(invoice.Id);
        Assert.Equal(paid.TransactionHash, read.PaymentTransactionHash);
        Assert.NotNull(read.PaidAt);
    }

    [Fact]
    public async Task A_payment_that_fails_on_chain_leaves_the_invoice_issued_and_open_to_another_payment()
    {
        var invoice = await IssuedInvoiceAsync(5_000_000_000);
        var payer = await silo.Chain.NewPayerAsync(Usdc.Units(5m));

        using var accepted = await PostPay(invoice.Id, Sign(await RequirementsFor(invoice.Id), payer), query: "?wait=0");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var nonce = (await Json(accepted)).GetProperty("payment").GetProperty("nonce").GetString()!;
        // Inside the batch window: the payer moves everything away before the batch is sent.
        var moved = await silo.Chain.TokenClient.TransferAsync(silo.Chain.Sender(payer), AnvilAccounts.Address(9), Usdc.Units(5m));
        Assert.True(moved.Succeeded);

        var final = await Eventually.UntilAsync(() => silo.Settlement.GetStatus(nonce),
            s => s?.State is Domain.Settlement.SettlementState.Failed or Domain.Settlement.SettlementState.Settled, TimeSpan.FromMinutes(1));

        Assert.Equal(Domain.Settlement.SettlementState.Failed, final!.State);
        var stored = await InvoiceAsync(invoice.Id);
        Assert.Equal(DomainStatus.Issued, stored.Status);
        Assert.Null(stored.Payment);
        Assert.Empty(await PaymentsIn(invoice.WalletId));
        Assert.Equal("5000000", Assert.Single((await RequirementsFor(invoice.Id)).Accepts).Amount);
    }
}
