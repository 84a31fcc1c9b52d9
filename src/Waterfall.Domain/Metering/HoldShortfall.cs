using System.Globalization;

namespace Waterfall.Domain.Metering;

/// <summary>
/// How much too large a refused hold was, read from the refusal the wallet gave: the money a smaller
/// hold must shed to pass (or, for a capture the hold cannot cover, the money the hold lacks). Only
/// refusals that a different amount can cure have one.
/// </summary>
public static class HoldShortfall
{
    /// <summary>Nano-dollars to shed, or null when shrinking the hold cannot help (wrong model, unknown wallet, ...).</summary>
    public static long? Of(string reason, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return reason switch
        {
            Reasons.InsufficientFunds or Reasons.CaptureExceedsHold when metadata.GetValueOrDefault("unit") == "usd" => Read(metadata, "shortfall"),
            Reasons.SpendCapExceeded => Read(metadata, "charge") - Read(metadata, "cap"),
            Reasons.BudgetExceeded => Read(metadata, "spent") + Read(metadata, "reserved") + Read(metadata, "charge") - Read(metadata, "budget"),
            _ => null,
        };
    }

    private static long? Read(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
