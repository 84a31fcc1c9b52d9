using Microsoft.Extensions.Logging;

namespace Waterfall.Grains;

/// <summary>
/// Deadlines with no traffic: one durable reminder per wallet, due at its next deadline (the
/// earliest hold TTL or grant expiry), wakes the wallet even when it has been deactivated for days,
/// so its expiries are posted without anyone calling it. The expiry timer stays for active wallets:
/// it is cheap and finer than a reminder's one-minute period.
/// </summary>
public sealed partial class WalletGrain : IRemindable
{
    internal const string DeadlineReminder = "next-deadline";

    // When this activation last asked the reminder to tick (MaxValue: it has not asked since it started).
    // A deadline later than that needs no write: the reminder wakes the wallet first, and it re-arms then.
    private DateTimeOffset _reminderAt = DateTimeOffset.MaxValue;
    private Task _reminderWrites = Task.CompletedTask;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeadlineReminder) return;
        if (_writer.Failure is null) await Durable(TickNow());
        _openHolds.Set(_wallet.Holds.Count);
        _reminderAt = DateTimeOffset.MaxValue;
        await Rearm();
    }

    /// <summary>
    /// After a change: moves the reminder earlier when the wallet's next deadline now comes before it.
    /// A caller waits for that write, so an acknowledged grant is sure to be woken for; a later or
    /// vanished deadline costs nothing until the reminder ticks.
    /// </summary>
    private Task KeepReminder()
    {
        var next = _wallet.NextDeadline;
        if (next == DateTimeOffset.MaxValue || next >= _reminderAt) return Task.CompletedTask;
        return Rearm(next);
    }

    private Task Rearm(DateTimeOffset? at = null)
    {
        var next = at ?? _wallet.NextDue?.At;
        _reminderAt = next ?? DateTimeOffset.MaxValue;
        // One write at a time, in the order decided, so the last one the store sees is the latest intent.
        return _reminderWrites = WriteReminder(_reminderWrites, next);
    }

    private async Task WriteReminder(Task previous, DateTimeOffset? next)
    {
        await previous;
        try
        {
            if (next is { } deadline)
            {
                var due = deadline - clock.Now;
                await this.RegisterOrUpdateReminder(DeadlineReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, options.Value.ReminderPeriod);
            }
            else if (await this.GetReminder(DeadlineReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex)
        {
            // The wallet still expires on its timer while active and at its next call; the next change tries again.
            _reminderAt = DateTimeOffset.MaxValue;
            LogReminderFailed(logger, _wallet.Key.ToString(), ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wallet {Wallet} could not set its deadline reminder")]
    private static partial void LogReminderFailed(ILogger logger, string wallet, Exception exception);
}
