using System.Runtime.CompilerServices;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Refills;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger;

/// <summary>The refills an invoice has to bill, read from the ledger (docs/refill.md).</summary>
public static class RefillReads
{
    private static readonly TransactionKind[] Kinds = [TransactionKind.Refilled];

    /// <summary>
    /// The tenant's refills with <c>from &lt;= at &lt; to</c> funded by invoice, in the ledger's total order.
    /// An invoice closing that period bills exactly these: a refill belongs to the period it was made in.
    /// </summary>
    public static async IAsyncEnumerable<RefillCharge> ReadRefillsAsync(this ILedgerReader ledger, string tenantId,
        DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var stored in ledger.ReadTenantAsync(tenantId, from, to, Kinds, cancellationToken))
            if (stored.Event is Refilled { Funding: RefillFunding.Invoice } refill)
                yield return RefillCharge.Of(stored.Wallet, refill);
    }
}
