using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Events;

public static class WalletObservation
{
    /// <summary>
    /// The wallet's balance state: USD its postings leave unheld (an expiry lowers it when it is
    /// posted, not before), so every crossing is caused by a posting. Taken before and after a change.
    /// A wallet that was never granted anything has no state to cross from yet: its first funding
    /// announces nothing (it is not a recovery).
    /// </summary>
    public static BalanceState Observe(this Wallet wallet) =>
        wallet.IsOpen && (wallet.Grants.Count > 0 || wallet.ExhaustedGrants.Count > 0)
            ? new BalanceState(true, wallet.TotalRemaining(CreditUnit.Usd) - wallet.TotalHeld(CreditUnit.Usd), wallet.Settings.Policy.LowBalanceThreshold)
            : BalanceState.Closed;
}
