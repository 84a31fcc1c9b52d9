using Waterfall.Domain.Money;

namespace Waterfall.Domain.Refills;

/// <summary>
/// A payer's signed EIP-2612 permit for the usdc-allowance refill source: the payer signs once, for a spending
/// cap (USDC atomic units) and a deadline; the service submits the permit once and then pulls each refill with
/// transferFrom. This type holds the money rules of that allowance — what is valid, what a pull may take, when
/// the permit must be submitted — and how much of the cap refills have used. Pure; time passed in.
/// </summary>
/// <param name="Network">CAIP-2 network of the token.</param>
/// <param name="Owner">The payer whose USDC is pulled.</param>
/// <param name="Spender">The service's settlement account the permit allows.</param>
/// <param name="Cap">The allowance the permit sets, in USDC atomic units (6 decimals).</param>
/// <param name="Deadline">Unix seconds after which the permit cannot be submitted.</param>
/// <param name="Signature">65 bytes r‖s‖v, hex; v, r and s are taken from it.</param>
/// <param name="Pulled">Atomic units pulled so far (successful or still settling): the cap counts every pull not reversed.</param>
/// <param name="PermitSubmitted">True once the permit is on chain; it is sent once, before the first pull.</param>
[GenerateSerializer, Immutable, Alias("wf.UsdcAllowance")]
public sealed record UsdcAllowance(
    [property: Id(0)] string Network,
    [property: Id(1)] string Owner,
    [property: Id(2)] string Spender,
    [property: Id(3)] long Cap,
    [property: Id(4)] long Deadline,
    [property: Id(5)] string Signature,
    [property: Id(6)] long Pulled = 0,
    [property: Id(7)] bool PermitSubmitted = false)
{
    /// <summary>What is left of the cap, in nano-dollars.</summary>
    public long LeftNanos => NanoDollars.FromUsdcAtomicUnits(Cap - Pulled);

    /// <summary>The permit's field violations against the service's spender (empty when it may be used).</summary>
    public IReadOnlyList<FieldViolation> Violations(string spender, DateTimeOffset now)
    {
        var v = new List<FieldViolation>();
        if (string.IsNullOrWhiteSpace(Network) || !Network.StartsWith("eip155:", StringComparison.Ordinal)) v.Add(new("rule.allowance.network", "must be an eip155 network"));
        if (!IsAddress(Owner)) v.Add(new("rule.allowance.owner", "must be a 0x address"));
        if (!IsAddress(Spender)) v.Add(new("rule.allowance.spender", "must be a 0x address"));
        else if (!string.Equals(Spender, spender, StringComparison.OrdinalIgnoreCase)) v.Add(new("rule.allowance.spender", $"must be this service's settlement account {spender}"));
        if (Cap <= 0 || Cap > Amount.MaxBalance / NanoDollars.PerUsdcAtomicUnit) v.Add(new("rule.allowance.cap", "must be a positive number of USDC units"));
        if (Deadline <= now.ToUnixTimeSeconds()) v.Add(new("rule.allowance.deadline", "has passed: the permit can no longer be submitted"));
        if (Signature is not { Length: 132 } || !Signature.StartsWith("0x", StringComparison.Ordinal) || !IsHex(Signature.AsSpan(2)))
            v.Add(new("rule.allowance.signature", "must be 0x + 65 bytes (r, s, v) in hex"));
        return v;
    }

    /// <summary>
    /// The USDC atomic units a refill of <paramref name="wantedNanos"/> may pull: at most what the cap has left, in
    /// whole units (rounded down — a pull never exceeds what the payer allowed); 0 when nothing may be pulled.
    /// </summary>
    public long PullFor(long wantedNanos, DateTimeOffset now)
    {
        if (wantedNanos <= 0) return 0;
        // Before the permit is on chain its deadline still matters; once submitted the allowance stands on its own.
        if (!PermitSubmitted && Deadline <= now.ToUnixTimeSeconds()) return 0;
        return Math.Min(wantedNanos / NanoDollars.PerUsdcAtomicUnit, Cap - Pulled);
    }

    /// <summary>A pull of <paramref name="units"/> is under way: it counts against the cap from now.</summary>
    public UsdcAllowance Pull(long units)
    {
        if (units <= 0 || units > Cap - Pulled) throw new InvalidOperationException($"A pull of {units} units does not fit the {Cap - Pulled} left of the cap.");
        return this with { Pulled = Pulled + units };
    }

    /// <summary>A pull failed on chain and was reversed: what it took back is not spent from the cap.</summary>
    public UsdcAllowance Reversed(long units) => this with { Pulled = Math.Max(0, Pulled - units) };

    public UsdcAllowance Submitted() => this with { PermitSubmitted = true };

    /// <summary>The settlement idempotency key of a refill's pull: one per rule and refill number, whatever is repeated.</summary>
    public static string PullKey(long ruleSequence, int refillNumber) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{PullKeyPrefix}{ruleSequence}:{refillNumber}");

    private const string PullKeyPrefix = "allowance-pull:";

    public static bool IsPullKey(string? key) => TryParsePullKey(key, out _, out _);

    /// <summary>The rule sequence and refill number a pull key names (also a pulled refill's grant source reference).</summary>
    public static bool TryParsePullKey(string? key, out long ruleSequence, out int refillNumber)
    {
        ruleSequence = 0;
        refillNumber = 0;
        if (key is null || !key.StartsWith(PullKeyPrefix, StringComparison.Ordinal)) return false;
        var parts = key[PullKeyPrefix.Length..].Split(':');
        return parts.Length == 2
            && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ruleSequence)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out refillNumber);
    }

    private static bool IsAddress(string? value) => value is { Length: 42 } && value.StartsWith("0x", StringComparison.Ordinal) && IsHex(value.AsSpan(2));

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }
}
