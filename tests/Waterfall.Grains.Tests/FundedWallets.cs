using Waterfall.Contracts;
using Waterfall.Domain.Wallets;
using Waterfall.Testing;

namespace Waterfall.Grains.Tests;

internal static class FundedWallets
{
    /// <summary>A new wallet of tenant "acme", opened and granted <paramref name="nanos"/> under the key "fund".</summary>
    public static async Task<(IWalletGrain Wallet, WalletKey Key)> FundedWallet(this WaterfallClusterFixture waterfall, long nanos)
    {
        var walletId = Commands.NewWalletId();
        var wallet = waterfall.Wallet("acme", walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", nanos));
        return (wallet, new WalletKey("acme", walletId));
    }
}
