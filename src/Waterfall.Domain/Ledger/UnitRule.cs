namespace Waterfall.Domain.Ledger;

/// <summary>Which units an account may carry.</summary>
public enum UnitRule
{
    /// <summary>Money: USD (nano-dollars) only.</summary>
    UsdOnly = 0,
    /// <summary>Credit at face value in the grant's own unit (USD or a count).</summary>
    GrantUnit = 1,
    /// <summary>Unit credits (tokens, requests, sessions): never USD.</summary>
    UnitsOnly = 2,
}
