using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Finance;

/// <summary>
/// Posts a tenant's stored events as ledger transactions, in the order a period read hands them over:
/// the one place finance decides which posting rules its reports use.
/// </summary>
public sealed class TenantBooks
{
    public LedgerTransaction Post(WalletKey wallet, WalletEvent @event) => @event.ToLedgerTransaction(wallet);
}
