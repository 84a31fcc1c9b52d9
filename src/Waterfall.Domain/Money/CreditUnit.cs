namespace Waterfall.Domain.Money;

/// <summary>
/// What an amount counts. USD is counted in nano-dollars (1e-9 USD); every other unit is a
/// plain count of things (tokens, requests, sessions). The set is closed on purpose: an unknown
/// unit in a request is a client error, never a new silent bucket of credit.
/// </summary>
public readonly record struct CreditUnit
{
    private CreditUnit(string code) => Code = code;

    public string Code { get; }

    /// <summary>US dollars, counted in nano-dollars.</summary>
    public static readonly CreditUnit Usd = new("usd");
    public static readonly CreditUnit Tokens = new("tokens");
    public static readonly CreditUnit Requests = new("requests");
    public static readonly CreditUnit Sessions = new("sessions");

    public static IReadOnlyList<CreditUnit> All { get; } = [Usd, Tokens, Requests, Sessions];

    public bool IsMoney => Code == Usd.Code;

    public static bool TryParse(string? code, out CreditUnit unit)
    {
        foreach (var known in All)
        {
            if (string.Equals(known.Code, code, StringComparison.OrdinalIgnoreCase))
            {
                unit = known;
                return true;
            }
        }
        unit = default;
        return false;
    }

    public static CreditUnit Parse(string code) =>
        TryParse(code, out var unit) ? unit : throw new ArgumentException($"Unknown credit unit '{code}'.", nameof(code));

    public override string ToString() => Code ?? "";
}
