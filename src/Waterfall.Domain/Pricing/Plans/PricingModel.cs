namespace Waterfall.Domain.Pricing.Plans;

/// <summary>
/// How a rate plan turns a quantity of one metric (for a billing period, or for one event) into
/// exact USD. Every model validates itself on construction, so a model that exists can always price.
/// </summary>
/// <remarks>
/// Prices are exact decimals: no rounding happens here. Whoever charges the price rounds it once
/// to the nano-dollar (<see cref="Money.NanoDollars.Round"/>).
/// </remarks>
public abstract record PricingModel
{
    // Closed hierarchy: the six models below are the contract the plan store and the wire know.
    private protected PricingModel()
    {
    }

    /// <summary>The exact USD price of <paramref name="quantity"/> (not negative) units.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The quantity is negative.</exception>
    public decimal Price(decimal quantity)
    {
        // Credits and refunds are ledger operations of their own; a negative quantity here is a bug.
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        return PriceOf(quantity);
    }

    private protected abstract decimal PriceOf(decimal quantity);

    private protected static void NotNegative(decimal value, string field, List<FieldViolation> violations)
    {
        if (value < 0) violations.Add(new(field, "must not be negative"));
    }
}
