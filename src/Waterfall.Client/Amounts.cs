using Waterfall.Api.V1;

namespace Waterfall.Client;

/// <summary>Builds exact amounts: USD as nano-dollars, units as counts.</summary>
public static class Amounts
{
    public const long NanosPerUsd = 1_000_000_000;

    /// <summary>An exact USD amount; more than nine decimal places is an error, never a silent rounding.</summary>
    public static Amount Usd(decimal usd)
    {
        var nanos = usd * NanosPerUsd;
        if (nanos != decimal.Truncate(nanos))
            throw new ArgumentException($"USD {usd} has more than nine decimal places.", nameof(usd));
        return new Amount { Value = (long)nanos, Unit = "usd" };
    }

    public static Amount Nanos(long nanoDollars) => new() { Value = nanoDollars, Unit = "usd" };

    public static Amount Tokens(long count) => new() { Value = count, Unit = "tokens" };

    public static Amount Requests(long count) => new() { Value = count, Unit = "requests" };

    public static decimal ToUsd(this Amount amount) =>
        amount.Unit == "usd" ? amount.Value / (decimal)NanosPerUsd : throw new InvalidOperationException($"{amount.Unit} is not money.");
}
