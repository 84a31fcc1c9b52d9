using Waterfall.Domain.Plans;

namespace Waterfall.Domain.Invoices;

/// <summary>How much of a quantity one tier priced, and at what (a tiered or volume charge's detail).</summary>
[GenerateSerializer, Immutable, Alias("wf.TierApplied")]
public sealed record TierApplied(
    [property: Id(0)] decimal From,
    [property: Id(1)] decimal? UpTo,
    [property: Id(2)] decimal Quantity,
    [property: Id(3)] decimal UnitPrice,
    [property: Id(4)] decimal FlatFee,
    [property: Id(5)] decimal Amount);

/// <summary>
/// One charge of the plan over the period: the metric's billed quantity priced by the charge's model.
/// <see cref="Amount"/> is the exact price rounded once to the nano-dollar.
/// </summary>
/// <param name="Usage">All the period's usage of the metric, covered by credits or not.</param>
/// <param name="Quantity">What is billed: the usage the credits did not cover (1 for a flat fee).</param>
/// <param name="UnitPrice">The per-unit price, for models that have one (per-unit, volume, package per package).</param>
[GenerateSerializer, Immutable, Alias("wf.InvoiceLine")]
public sealed record InvoiceLine(
    [property: Id(0)] string Metric,
    [property: Id(1)] PricingKind Pricing,
    [property: Id(2)] decimal Usage,
    [property: Id(3)] decimal Quantity,
    [property: Id(4)] decimal? UnitPrice,
    [property: Id(5)] TierApplied[] Tiers,
    [property: Id(6)] decimal ExactAmount,
    [property: Id(7)] long Amount,
    [property: Id(8)] string Description);

/// <summary>Credit of one grant kind and unit that paid for the period's usage (the waterfall's breakdown).</summary>
[GenerateSerializer, Immutable, Alias("wf.CreditApplied")]
public sealed record CreditApplied([property: Id(0)] string Kind, [property: Id(1)] string Unit, [property: Id(2)] long Amount);
