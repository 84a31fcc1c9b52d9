using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Ledger;

/// <summary>
/// One posting of one ledger transaction, as finance reads it: the transaction is named by its wallet
/// and sequence number, the posting by its line number within it. Exactly one of
/// <see cref="Debit"/> and <see cref="Credit"/> is non-zero; both are in <see cref="Unit"/>
/// (nano-dollars for USD).
/// </summary>
public sealed record JournalLine(
    WalletKey Wallet,
    long Sequence,
    int Line,
    DateTimeOffset At,
    TransactionKind Kind,
    LedgerAccount Account,
    CreditUnit Unit,
    long Debit,
    long Credit,
    GrantId? Grant,
    GrantKind? GrantKind,
    HoldId? Hold,
    string? IdempotencyKey,
    Attribution Attribution)
{
    /// <summary>The transaction's id in exports: <c>wallet:sequence</c> (unique within a tenant).</summary>
    public string TransactionId => $"{Wallet.WalletId}:{Sequence}";

    public string AccountCode => Account.Code;

    public AccountClass AccountClass => Account.Class;

    /// <summary>Signed: positive debits the account, negative credits it.</summary>
    public long Amount => Debit - Credit;

    /// <summary>A transaction's postings as lines; <paramref name="grants"/> names each grant's kind.</summary>
    public static IReadOnlyList<JournalLine> Of(LedgerTransaction transaction, IGrantDirectory grants)
    {
        var lines = new JournalLine[transaction.Postings.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            var p = transaction.Postings[i];
            var kind = p.Grant is { } grant ? grants.Find(grant)?.Kind : null;
            lines[i] = new JournalLine(transaction.Wallet, transaction.Sequence, i + 1, transaction.At, transaction.Kind,
                p.Account, p.Unit, Math.Max(p.Amount, 0), Math.Max(-p.Amount, 0), p.Grant, kind, p.Hold,
                transaction.IdempotencyKey, transaction.Attribution);
        }
        return lines;
    }
}
