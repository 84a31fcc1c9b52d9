using Waterfall.Domain.Grants;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Refills;

/// <summary>
/// A refill as an invoice builder bills it: what was added, to which wallet, when, under which rule.
/// Read from the ledger's <see cref="Refilled"/> events of a period (<c>ILedgerReader.ReadRefillsAsync</c>).
/// </summary>
/// <param name="Amount">Nano-dollars added, and owed.</param>
public sealed record RefillCharge(WalletKey Wallet, GrantId Grant, long Amount, DateTimeOffset At, long RuleSequence, int Number, RefillFunding Funding)
{
    public static RefillCharge Of(WalletKey wallet, Refilled refill) =>
        new(wallet, refill.Grant, refill.Amount, refill.At, refill.RuleSequence, refill.Number, refill.Funding);
}
