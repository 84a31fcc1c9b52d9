namespace Waterfall.Contracts.Keys;

public static class WalletKeyGrains
{
    public static IWalletKeyGrain WalletKey(this IGrainFactory grains, string keyId) => grains.GetGrain<IWalletKeyGrain>(keyId);

    public static IWalletKeyIndexGrain WalletKeyIndex(this IGrainFactory grains, string tenantId, string walletId) =>
        grains.GetGrain<IWalletKeyIndexGrain>(WalletGrainKey.For(tenantId, walletId));
}
