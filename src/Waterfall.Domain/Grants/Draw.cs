using Waterfall.Domain.Money;

namespace Waterfall.Domain.Grants;

/// <summary>An amount taken from (or reserved on) one grant.</summary>
public readonly record struct Draw(GrantId Grant, CreditUnit Unit, long Amount);
