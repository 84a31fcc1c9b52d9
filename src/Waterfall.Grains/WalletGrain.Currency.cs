using Microsoft.Extensions.Logging;
using Waterfall.Contracts;
using Reasons = Waterfall.Domain.Reasons;

namespace Waterfall.Grains;

/// <summary>
/// A refusal writes nothing, so nothing fences off an activation that is behind its journal (a second activation
/// during a membership change, which loaded before the other one wrote). Before answering a refusal that rests on
/// what the wallet holds — TOP_UP_NOT_PENDING to the settlement, GRANT_NOT_FOUND to a billing cycle, which take it as
/// final — the activation reads the journal's head: if another activation wrote since, it drops itself and fails the
/// call as retryable, and the retry reaches the current activation (docs/durability.md, "A stale activation's refusal").
/// </summary>
public sealed partial class WalletGrain
{
    /// <summary>
    /// Refusals answered from memory without the head read. The request alone decides INVALID_ARGUMENT; a key the
    /// window holds came from the journal and nothing later unmakes it; RECEIPT_NOT_HELD never leaves the grain. The
    /// rest are the metering refusals an agent meets in volume (50 concurrent debits on an empty wallet must not cost
    /// 50 store reads); no grain takes them as final, and a twin lives only until its next write is fenced off.
    /// </summary>
    private static readonly HashSet<string> FromMemory =
    [
        Reasons.InvalidArgument, Reasons.IdempotencyKeyReused, Reasons.ReceiptNotHeld,
        Reasons.InsufficientFunds, Reasons.SpendCapExceeded, Reasons.BudgetExceeded, Reasons.ModelNotAllowed, Reasons.UnknownModel,
    ];

    /// <summary>Whether a refusal with this reason is answered without confirming the activation is current (the simulator asks too).</summary>
    internal static bool AnswersFromMemory(string reason) => FromMemory.Contains(reason);

    /// <summary>
    /// Confirms that no other activation wrote past <paramref name="decidedAt"/> (the sequence the refusal was decided
    /// on, already durable as this activation's own). Entries past it up to this activation's own sequence may be its
    /// own later writes: if one is another's instead, this activation's write at that sequence is fenced, so waiting
    /// for its writes to be durable tells which.
    /// </summary>
    private async Task ConfirmCurrent(string reason, long decidedAt)
    {
        if (AnswersFromMemory(reason)) return;
        long head;
        try
        {
            head = await journal.ReadHeadSequenceAsync(_wallet.Key);
        }
        catch (Exception ex)
        {
            LogHeadUnread(logger, _wallet.Key.ToString(), ex);
            throw new WalletUnavailableException($"Wallet {_wallet.Key} could not confirm its state; retry with the same idempotency key.", ex);
        }
        if (head <= decidedAt) return;
        if (head <= _wallet.Sequence)
        {
            await Durable(_writer.WhenDurable());
            return;
        }
        LogStale(logger, _wallet.Key.ToString(), _wallet.Sequence, head);
        DeactivateOnIdle();
        throw new WalletUnavailableException($"Wallet {_wallet.Key} was behind its journal (at {_wallet.Sequence}, the journal at {head}); retry with the same idempotency key.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wallet {Wallet} is at sequence {Sequence} but its journal at {Head}: another activation wrote; deactivating")]
    private static partial void LogStale(ILogger logger, string wallet, long sequence, long head);

    [LoggerMessage(Level = LogLevel.Error, Message = "Wallet {Wallet} could not read its journal's head to confirm a refusal")]
    private static partial void LogHeadUnread(ILogger logger, string wallet, Exception exception);
}
