using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Finance;

/// <summary>
/// One line of a journal export: one posting of a ledger transaction, split into a debit and a
/// credit column (one of them zero) as finance reads it. <see cref="TransactionId"/> is the
/// wallet and its sequence number, unique within the tenant.
/// </summary>
public sealed record JournalRow(
    string WalletId,
    long Sequence,
    DateTimeOffset At,
    TransactionKind Kind,
    int Line,
    string Account,
    CreditUnit Unit,
    long Debit,
    long Credit,
    GrantId? Grant,
    HoldId? Hold,
    string? IdempotencyKey,
    Attribution Attribution)
{
    public string TransactionId => $"{WalletId}:{Sequence}";

    /// <summary>The transaction's postings as journal rows, in posting order.</summary>
    public static IEnumerable<JournalRow> Of(LedgerTransaction transaction)
    {
        for (var i = 0; i < transaction.Postings.Count; i++)
        {
            var p = transaction.Postings[i];
            yield return new JournalRow(transaction.Wallet.WalletId, transaction.Sequence, transaction.At, transaction.Kind, i + 1,
                p.Account.Code, p.Unit, Math.Max(p.Amount, 0), Math.Max(-p.Amount, 0), p.Grant, p.Hold, transaction.IdempotencyKey, transaction.Attribution);
        }
    }
}
