using Waterfall.Domain.Billing;
using Waterfall.Domain.Events;
using Waterfall.Domain.Invoices;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Tests.Wallets;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Invoices;

public class InvoicePaymentTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private const string Nonce = "0x1111111111111111111111111111111111111111111111111111111111111111";
    private const string Other = "0x2222222222222222222222222222222222222222222222222222222222222222";
    private const string TxHash = "0x3333333333333333333333333333333333333333333333333333333333333333";

    private static Invoice Draft(long amountDue = 12_500_000_000) =>
        new("c1.s1.p1", null, InvoiceStatus.Draft, "c1", "s1", "w1", "plan", 1, BillingMode.Postpaid,
            new PeriodSpan(1, Now.AddMonths(-1), Now), [], [], amountDue, amountDue, 0, Now);

    private static Invoice Issued(long amountDue = 12_500_000_000) => Draft(amountDue).Issue("INV-000001", Now).Invoice!;

    private static InvoicePayment Payment(long nanos = 12_500_000_000, string nonce = Nonce) => new(nonce, "eip155:8453", "0xpayer", nanos, Now);

    [Fact]
    public void An_issued_invoice_holds_a_payment_of_its_amount_due_and_is_paid_when_it_settles()
    {
        var held = Issued().HoldPayment(Payment());
        Assert.Null(held.Refusal);
        Assert.Equal(InvoiceStatus.Issued, held.Invoice!.Status);

        var paid = held.Invoice.PaymentSettled(Nonce, TxHash, Now.AddMinutes(1));

        Assert.False(paid.Replayed);
        Assert.Equal(InvoiceStatus.Paid, paid.Invoice!.Status);
        Assert.Equal(Now.AddMinutes(1), paid.Invoice.PaidAt);
        Assert.Equal(TxHash, paid.Invoice.Payment!.TransactionHash);
    }

    [Fact]
    public void The_same_payment_held_or_settled_again_is_a_replay_that_changes_nothing()
    {
        var held = Issued().HoldPayment(Payment()).Invoice!;
        var again = held.HoldPayment(Payment());
        Assert.True(again.Replayed);
        Assert.Same(held, again.Invoice);

        var paid = held.PaymentSettled(Nonce, TxHash, Now).Invoice!;
        var settledAgain = paid.PaymentSettled(Nonce, TxHash, Now.AddDays(1));
        Assert.True(settledAgain.Replayed);
        Assert.Equal(Now, settledAgain.Invoice!.PaidAt);
        Assert.True(paid.HoldPayment(Payment()).Replayed);
    }

    [Fact]
    public void A_second_payment_is_refused_while_one_settles_and_once_the_invoice_is_paid()
    {
        var held = Issued().HoldPayment(Payment()).Invoice!;

        var whilePending = held.HoldPayment(Payment(nonce: Other));
        Assert.Equal(InvoiceReasons.InvoicePaymentPending, whilePending.Refusal!.Reason);

        var paid = held.PaymentSettled(Nonce, TxHash, Now).Invoice!;
        var afterPaid = paid.HoldPayment(Payment(nonce: Other));
        Assert.Equal(InvoiceReasons.InvoiceStateConflict, afterPaid.Refusal!.Reason);
        Assert.Equal("PAID", afterPaid.Refusal.Metadata["status"]);
    }

    [Fact]
    public void Draft_void_and_nothing_due_invoices_refuse_payment()
    {
        Assert.Equal(InvoiceReasons.InvoiceStateConflict, Draft().RefusePayment()!.Reason);
        Assert.Equal("DRAFT", Draft().RefusePayment()!.Metadata["status"]);
        var voided = Issued().Void("duplicate", Now).Invoice!;
        Assert.Equal("VOID", voided.RefusePayment()!.Metadata["status"]);
        Assert.Equal(InvoiceReasons.InvoiceStateConflict, Issued(amountDue: 0).RefusePayment()!.Reason);
        Assert.NotNull(voided.HoldPayment(Payment()).Refusal);
    }

    [Fact]
    public void A_payment_of_another_amount_than_the_amount_due_is_refused()
    {
        var refused = Issued().HoldPayment(Payment(nanos: 12_499_999_000));
        Assert.Equal(Reasons.InvalidArgument, refused.Refusal!.Reason);
        Assert.Null(refused.Invoice);
    }

    [Fact]
    public void An_amount_due_below_a_whole_USDC_unit_is_paid_rounded_up_to_the_next_unit()
    {
        Assert.Equal(1_234_568, InvoicePayment.UsdcUnitsFor(1_234_567_001));
        Assert.Equal(1_234_567, InvoicePayment.UsdcUnitsFor(1_234_567_000));
        Assert.Null(Issued(1_234_567_001).HoldPayment(Payment(nanos: 1_234_568_000)).Refusal);
    }

    [Fact]
    public void A_failed_payment_releases_the_invoice_to_be_paid_again()
    {
        var held = Issued().HoldPayment(Payment()).Invoice!;

        var released = held.PaymentFailed(Nonce).Invoice!;

        Assert.Null(released.Payment);
        Assert.Equal(InvoiceStatus.Issued, released.Status);
        Assert.Null(released.HoldPayment(Payment(nonce: Other)).Refusal);
        Assert.True(released.PaymentFailed(Nonce).Replayed);
    }

    [Fact]
    public void An_invoice_with_a_payment_settling_cannot_be_voided()
    {
        var held = Issued().HoldPayment(Payment()).Invoice!;
        Assert.Equal(InvoiceReasons.InvoicePaymentPending, held.Void("changed my mind", Now).Refusal!.Reason);
    }

    [Fact]
    public void A_settlement_of_a_payment_the_invoice_never_held_is_refused()
    {
        var held = Issued().HoldPayment(Payment()).Invoice!;
        Assert.Equal(InvoiceReasons.InvoicePaymentNotFound, held.PaymentSettled(Other, TxHash, Now).Refusal!.Reason);
        Assert.Equal(InvoiceStatus.Issued, held.Status);
    }

    [Fact]
    public void The_book_keeps_the_payment_with_the_invoice()
    {
        var book = InvoiceBook.Empty.Add(Draft()).Book.Issue("c1.s1.p1", Now).Book!;

        var paid = book.HoldPayment("c1.s1.p1", Payment()).Book!.PaymentSettled("c1.s1.p1", Nonce, TxHash, Now).Book!;

        Assert.Equal(InvoiceStatus.Paid, paid.Find("c1.s1.p1")!.Status);
        Assert.Equal(1, paid.LastNumber);
        Assert.Equal(InvoiceReasons.InvoiceNotFound, paid.HoldPayment("nope", Payment()).Refusal!.Reason);
    }

    [Fact]
    public void A_settled_payment_posts_treasury_against_receivable_and_the_rounding_as_revenue()
    {
        var kit = new WalletTestKit();
        var outcome = kit.Record(kit.Wallet.RecordInvoicePayment(
            new RecordInvoicePayment("x402-invoice-paid:" + Nonce, "c1.s1.p1", "INV-000001", 1_234_567_001, 1_234_568_000, TxHash, "0xpayer", "eip155:8453"), kit.Now));

        Assert.True(outcome.IsAccepted, outcome.ToString());
        var paid = Assert.IsType<InvoicePaid>(kit.Journal[^1]);
        foreach (var postings in new[] { paid.Postings("w1"), PostingRules.PostV2(paid, "w1", new GrantDirectory()) })
        {
            Assert.Equal(1_234_568_000, postings.Where(p => p.Account == LedgerAccount.Treasury).Sum(p => p.Amount));
            Assert.Equal(-1_234_567_001, postings.Where(p => p.Account == LedgerAccount.Receivable).Sum(p => p.Amount));
            Assert.Equal(-999, postings.Where(p => p.Account == LedgerAccount.Revenue).Sum(p => p.Amount));
            Assert.Equal(0, postings.Sum(p => p.Amount));
        }
        var transaction = paid.ToLedgerTransaction(kit.Wallet.Key);
        Assert.Equal(TransactionKind.InvoicePaid, transaction.Kind);
        Assert.Equal(TxHash, transaction.Attribution.TransactionHash);
    }

    [Fact]
    public void Recording_the_same_payment_twice_posts_it_once()
    {
        var kit = new WalletTestKit();
        var command = new RecordInvoicePayment("x402-invoice-paid:" + Nonce, "c1.s1.p1", "INV-000001", 5_000_000_000, 5_000_000_000, TxHash, "0xpayer", "eip155:8453");
        kit.Record(kit.Wallet.RecordInvoicePayment(command, kit.Now));
        var count = kit.Journal.Count;

        var again = kit.Record(kit.Wallet.RecordInvoicePayment(command, kit.Now));

        Assert.True(again.IsReplay);
        Assert.Equal(count, kit.Journal.Count);
    }

    [Fact]
    public void A_payment_short_of_the_amount_due_is_refused_by_the_wallet()
    {
        var kit = new WalletTestKit();
        var refused = kit.Wallet.RecordInvoicePayment(
            new RecordInvoicePayment("k", "c1.s1.p1", null, 5_000_000_000, 4_999_999_000, TxHash, "0xpayer", "eip155:8453"), kit.Now);
        Assert.Equal(Reasons.InvalidArgument, refused.Refusal!.Reason);
        Assert.Empty(refused.Events);
    }

    [Fact]
    public void A_settled_payment_announces_invoice_paid_with_the_amounts_and_transaction()
    {
        var kit = new WalletTestKit();
        kit.Record(kit.Wallet.RecordInvoicePayment(
            new RecordInvoicePayment("k", "c1.s1.p1", "INV-000001", 5_000_000_000, 5_000_000_000, TxHash, "0xpayer", "eip155:8453"), kit.Now));
        var state = new BalanceState(true, 0, null);

        var announced = Assert.Single(WalletAnnouncements.Derive(kit.Wallet.Key, "c1", state, state, [kit.Journal[^1]]));

        Assert.Equal(EventTypes.InvoicePaid, announced.Type);
        Assert.Contains(EventTypes.InvoicePaid, EventTypes.Emitted);
        using var payload = System.Text.Json.JsonDocument.Parse(announced.Payload);
        Assert.Equal("c1.s1.p1", payload.RootElement.GetProperty("invoice_id").GetString());
        Assert.Equal("INV-000001", payload.RootElement.GetProperty("invoice_number").GetString());
        Assert.Equal("5000000000", payload.RootElement.GetProperty("amount_paid").GetProperty("value").GetString());
        Assert.Equal(TxHash, payload.RootElement.GetProperty("transaction_hash").GetString());
    }
}
