using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Wallets;

/// <summary>
/// Records that an invoice was paid on chain: the USDC is in the treasury and the receivable the invoice
/// posted is settled. Sent by the invoice book once the payment's settlement is final, keyed by its nonce.
/// </summary>
/// <param name="AmountDue">What the invoice said was due (comes off the receivable).</param>
/// <param name="AmountPaid">What the payer transferred: the amount due rounded up to a whole USDC unit.</param>
public sealed record RecordInvoicePayment(
    string IdempotencyKey, string InvoiceId, string? InvoiceNumber, long AmountDue, long AmountPaid, string TransactionHash, string Payer, string Network)
    : WalletCommand(IdempotencyKey)
{
    public override TransactionKind Operation => TransactionKind.InvoicePaid;

    public override string Fingerprint() =>
        new FingerprintBuilder("invoice-paid").Add(InvoiceId).Add(InvoiceNumber).Add(AmountDue).Add(AmountPaid).Add(TransactionHash).Add(Payer).Add(Network).Build();
}

/// <summary>An invoice paid on chain: treasury ← receivable (and the rounding up to a whole USDC unit, revenue).</summary>
public sealed record InvoicePaid(
    long Sequence, DateTimeOffset At, string Key, string Fingerprint, string InvoiceId, string? InvoiceNumber, long AmountDue, long AmountPaid, string TransactionHash, string Payer, string Network)
    : CommandEvent(Sequence, At, Key, Fingerprint)
{
    public override TransactionKind Kind => TransactionKind.InvoicePaid;

    public override Attribution Attribution => new(Payer: Payer, Network: Network, TransactionHash: TransactionHash);

    /// <summary>What the payer paid above the amount due: below one USDC unit, kept as revenue.</summary>
    public long Rounding => AmountPaid - AmountDue;

    protected override void AddPostings(string walletId, List<Posting> postings) => Post(postings);

    /// <summary>The same postings under both rule versions: money only, no grant involved.</summary>
    internal void Post(List<Posting> postings)
    {
        Transfer(postings, LedgerAccount.Treasury, LedgerAccount.Receivable, CreditUnit.Usd, AmountDue);
        Transfer(postings, LedgerAccount.Treasury, LedgerAccount.Revenue, CreditUnit.Usd, Rounding);
    }
}

public sealed record InvoicePaidReceipt(long Sequence, string InvoiceId, long AmountPaid, string TransactionHash) : Receipt(Sequence);

public sealed partial class Wallet
{
    public Outcome<InvoicePaidReceipt> RecordInvoicePayment(RecordInvoicePayment command, DateTimeOffset now)
    {
        if (Admit<InvoicePaidReceipt>(command) is { } early) return early;
        var v = new List<FieldViolation>();
        if (!Identifier.IsValid(command.InvoiceId)) v.Add(new("invoice_id", "must be 1-128 characters of letters, digits and . _ : -"));
        if (command.AmountDue <= 0) v.Add(new("amount_due", "must be positive"));
        if (command.AmountPaid < command.AmountDue || command.AmountPaid - command.AmountDue >= NanoDollars.PerUsdcAtomicUnit)
            v.Add(new("amount_paid", "must be the amount due rounded up to a whole USDC unit"));
        if (string.IsNullOrEmpty(command.TransactionHash)) v.Add(new("transaction_hash", "is required"));
        if (v.Count > 0) return Refusal.Invalid([.. v]);
        return Accept<InvoicePaidReceipt>(new InvoicePaid(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(),
            command.InvoiceId, command.InvoiceNumber, command.AmountDue, command.AmountPaid, command.TransactionHash, command.Payer, command.Network));
    }

    private static InvoicePaidReceipt ApplyInvoicePaid(InvoicePaid e) => new(e.Sequence, e.InvoiceId, e.AmountPaid, e.TransactionHash);
}
