using Waterfall.Domain.Refills;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Settlement;

/// <summary>
/// A refill to pull from a payer's USDC allowance: <c>transferFrom(owner, payTo, units)</c> by this service's settlement
/// account, after the payer's permit (sent once, before the first pull of that permit). The wallet has credited it
/// already (<see cref="Grant"/>); the pull settles or reverses that credit. Keyed by <see cref="PullKey"/>, so a pull
/// submitted again after a crash is the same pull.
/// </summary>
[GenerateSerializer, Immutable, Alias("wf.AllowancePull")]
public sealed record AllowancePull(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string WalletId,
    [property: Id(2)] string Grant,
    [property: Id(3)] string PullKey,
    [property: Id(4)] string Owner,
    [property: Id(5)] string To,
    [property: Id(6)] long Units,
    [property: Id(7)] long PermitCap,
    [property: Id(8)] long PermitDeadline,
    [property: Id(9)] string PermitSignature)
{
    /// <summary>The pull of a refill the wallet credited and holds as pending (<paramref name="pending"/>), to <paramref name="payTo"/>.</summary>
    public static AllowancePull For(WalletKey wallet, PendingTopUp pending, UsdcAllowance allowance, string payTo) =>
        new(wallet.TenantId, wallet.WalletId, pending.Grant.Value, pending.Reference!, allowance.Owner, payTo,
            pending.Amount.Value / Money.NanoDollars.PerUsdcAtomicUnit, allowance.Cap, allowance.Deadline, allowance.Signature);
}

/// <summary>What a settlement item settles: an EIP-3009 authorization through the batcher, or a pull from an allowance.</summary>
public enum SettlementPurpose
{
    Authorization = 0,
    AllowancePull = 1,
}
