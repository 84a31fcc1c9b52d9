// TEMPORARY stub of the grow helper's contracts, so the gateway compiles before the merge. Deleted at merge.
namespace Waterfall.Contracts;
public sealed record GrowHold(string IdempotencyKey, string Hold, Charge Additional, TimeSpan? Ttl);
public sealed record GrowReceipt(long Sequence, string Hold, Coverage Added, Coverage Reserved, DateTimeOffset ExpiresAt);
public sealed record RecalledReceipt(string Operation, HoldReceipt? Hold, GrowReceipt? Grow, CaptureReceipt? Capture, VoidReceipt? Void, ExtendReceipt? Extend, DebitReceipt? Debit);
public static class GrowStubExtensions
{
    public static Task<Reply<GrowReceipt>> Grow(this IWalletGrain wallet, GrowHold command) => throw new NotImplementedException();
    public static Task<RecalledReceipt?> Recall(this IWalletGrain wallet, string operation, string idempotencyKey) => throw new NotImplementedException();
}
