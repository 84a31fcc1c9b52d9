namespace Waterfall.Domain.Wallets;

/// <summary>A wallet's identity: every wallet belongs to exactly one tenant.</summary>
public readonly record struct WalletKey(string TenantId, string WalletId)
{
    public override string ToString() => $"{TenantId}/{WalletId}";

    public static WalletKey Parse(string value)
    {
        var slash = value.IndexOf('/');
        if (slash <= 0 || slash == value.Length - 1)
            throw new FormatException($"'{value}' is not a wallet key (tenant/wallet).");
        return new(value[..slash], value[(slash + 1)..]);
    }
}
