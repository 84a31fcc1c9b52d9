using Microsoft.Extensions.Logging;

namespace Waterfall.Grains.Settlement;

public sealed partial class SettlementGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Settlement transaction {Hash} could not be sent now; it will be sent again")]
    private static partial void LogBroadcastFailed(ILogger logger, string hash, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Settlement work for {Key} failed; retrying on the next pass")]
    private static partial void LogWorkFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account nonce {Nonce} was taken by another transaction; the batch is queued again")]
    private static partial void LogNonceTaken(ILogger logger, long nonce);

    [LoggerMessage(Level = LogLevel.Information, Message = "Settlement transaction {Old} not mined in time; replaced by {New} at higher fees")]
    private static partial void LogReplaced(ILogger logger, string old, string @new);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settlement transaction {Hash} reverted; its authorizations are queued again")]
    private static partial void LogReverted(ILogger logger, string hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authorization {Nonce} failed to settle: {Reason}; its credit is reversed")]
    private static partial void LogFailed(ILogger logger, string nonce, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invoice {InvoiceId} refused the outcome of its payment {Nonce}: {Reason}")]
    private static partial void LogInvoiceRefused(ILogger logger, string invoiceId, string nonce, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refill pull {PullId} failed, and its wallet refused to disable the rule: {Reason}")]
    private static partial void LogRuleNotDisabled(ILogger logger, string pullId, string reason);
}
