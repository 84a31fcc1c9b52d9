using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Events;

/// <summary>The payloads of the refill events (docs/refill.md).</summary>
public static partial class EventPayloads
{
    public static string RefillSucceeded(string walletId, Refilled e) => Write(w =>
    {
        w.WriteString("wallet_id", walletId);
        w.WriteString("grant_id", e.Grant.Value);
        WriteAmount(w, "amount", e.Amount, e.Terms.Amount.Unit);
        w.WriteNumber("refill_number", e.Number);
        w.WriteString("funding", Refills.RefillFundingName.Of(e.Funding));
        // True when the refill was made so that a debit or hold the wallet could not cover succeeds.
        w.WriteBoolean("covers_charge", e.CoversCharge);
    });

    public static string RefillFailed(string walletId, string reason) => Write(w =>
    {
        w.WriteString("wallet_id", walletId);
        w.WriteString("reason", reason);
        w.WriteBoolean("rule_disabled", true);
    });
}
