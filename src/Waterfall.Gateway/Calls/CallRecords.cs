using Waterfall.Contracts;

namespace Waterfall.Gateway.Calls;

/// <summary>Where a call stands, read back from its wallet by request id.</summary>
public enum CallState { Unknown, Open, Settled, Released }

public sealed record CallRecord(CallState State, string RequestId, string? HoldId, long? CostNanos, long? Sequence);

/// <summary>
/// Reads calls back from the wallet's idempotency memory: every operation of a call carries a key derived
/// from its request id, so the wallet itself remembers whether the call was held, captured or released.
/// A call whose attempt was released (upstream failure, timeout) may be tried again under the same
/// request id: each attempt gets its own keys (<c>id</c>, <c>id:a2</c>, ...).
/// </summary>
public static class CallRecords
{
    public const int MaxAttempts = 5;

    public static string AttemptKey(string requestId, int attempt) => attempt == 1 ? requestId : $"{requestId}:a{attempt}";

    /// <summary>The latest attempt of a call that the wallet knows of.</summary>
    public static async Task<CallRecord> FindAsync(IWalletGrain wallet, string requestId)
    {
        var latest = new CallRecord(CallState.Unknown, requestId, null, null, null);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var record = await FindAttemptAsync(wallet, requestId, AttemptKey(requestId, attempt));
            if (record.State == CallState.Unknown) break;
            latest = record;
            if (record.State != CallState.Released) break;
        }
        return latest;
    }

    public static async Task<CallRecord> FindAttemptAsync(IWalletGrain wallet, string requestId, string attemptKey)
    {
        var captured = await wallet.Recall("capture", $"{attemptKey}:capture") ?? await wallet.Recall("capture", $"{attemptKey}:capture:held");
        if (captured?.Capture is { } capture)
            return new CallRecord(CallState.Settled, requestId, capture.Hold, capture.Captured.MoneyCost, capture.Sequence);
        if ((await wallet.Recall("void", $"{attemptKey}:void"))?.Void is { } voided)
            return new CallRecord(CallState.Released, requestId, voided.Hold, 0, voided.Sequence);
        if ((await wallet.Recall("authorize", $"{attemptKey}:hold"))?.Hold is not { } hold)
            return new CallRecord(CallState.Unknown, requestId, null, null, null);
        // Held, never captured nor voided: still open, or expired on its TTL (a gateway that died mid-call).
        var view = (await wallet.Get()).Receipt;
        var open = view?.Holds.Any(h => h.Id == hold.Hold) == true;
        return new CallRecord(open ? CallState.Open : CallState.Released, requestId, hold.Hold, open ? null : 0, hold.Sequence);
    }
}
