namespace Waterfall.Domain.Grants;

/// <summary>
/// Why the wallet holds a grant. The three built-in kinds carry the default burn order
/// (promotional before bonus before purchased); operators may add kinds of their own, which
/// then need an explicit priority.
/// </summary>
public readonly record struct GrantKind(string Code)
{
    public static readonly GrantKind Promotional = new("promotional");
    public static readonly GrantKind Bonus = new("bonus");
    public static readonly GrantKind Purchased = new("purchased");

    /// <summary>Lower burns first.</summary>
    public int? DefaultPriority => Code switch
    {
        "promotional" => 10,
        "bonus" => 20,
        "purchased" => 30,
        _ => null,
    };

    /// <summary>Purchased credit was paid for: its ledger counterpart is cash, not an expense.</summary>
    public bool IsPaid => Code == Purchased.Code;

    public static bool IsValidCode(string? code) =>
        !string.IsNullOrEmpty(code) && code.Length <= 32 && code.All(c => c is (>= 'a' and <= 'z') or '_');

    public override string ToString() => Code;
}
