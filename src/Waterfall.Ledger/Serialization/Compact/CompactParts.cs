using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Pricing.Rating;

namespace Waterfall.Ledger.Serialization.Compact;

/// <summary>
/// The shapes the compact events and receipts share: charges, coverages, draws, amounts and attributions. Every code
/// written here is frozen (a stored row depends on it), so a new case gets a new code and the old ones stay.
/// </summary>
internal static class CompactParts
{
    private const byte AmountChargeCode = 1, UsageChargeCode = 2;

    // UsageComponent's stored codes, frozen apart from the enum's own numbering.
    private static readonly UsageComponent[] Components =
        [UsageComponent.Input, UsageComponent.CacheRead, UsageComponent.CacheWrite5m, UsageComponent.CacheWrite1h,
         UsageComponent.AudioInput, UsageComponent.Output, UsageComponent.Reasoning, UsageComponent.AudioOutput];

    internal static IReadOnlyList<UsageComponent> ComponentCodes => Components;

    public static void Charge(CompactWriter w, Charge charge)
    {
        switch (charge)
        {
            case AmountCharge a:
                w.Byte(AmountChargeCode);
                Amount(w, a.Amount);
                w.String(a.Context.Metric);
                w.String(a.Context.Model);
                w.String(a.Context.Provider);
                break;
            case UsageCharge u:
                w.Byte(UsageChargeCode);
                w.String(u.Usage.Model);
                w.String(u.Usage.Provider);
                w.Unsigned((ulong)u.Usage.Lines.Count);
                var lines = u.Usage.Lines;
                for (var i = 0; i < lines.Count; i++) // not foreach: an interface's enumerator is boxed, per row
                {
                    var line = lines[i];
                    w.Byte(ComponentCode(line.Component));
                    w.Long(line.Tokens);
                    w.Decimal(line.UnitPrice);
                }
                w.Bool(u.Usage.Batch);
                w.String(u.Usage.Tier);
                w.NullableLong(u.Usage.PricingVersion);
                w.String(u.Metric);
                break;
            default:
                throw new ArgumentException($"No compact form for the charge {charge.GetType().Name}.", nameof(charge));
        }
    }

    public static Charge Charge(ref CompactReader r)
    {
        switch (r.Byte())
        {
            case AmountChargeCode:
                var amount = Amount(ref r);
                return new AmountCharge(amount, new ChargeContext(r.String(), r.String(), r.String()));
            case UsageChargeCode:
                var model = r.RequiredString();
                var provider = r.RequiredString();
                var lines = new RatedLine[r.Count()];
                for (var i = 0; i < lines.Length; i++) lines[i] = new RatedLine(Component(r.Byte()), r.Long(), r.Decimal());
                var batch = r.Bool();
                var tier = r.String();
                var version = r.NullableLong();
                return new UsageCharge(new RatedUsage(model, provider, lines, batch, tier, version is { } v ? checked((int)v) : null), r.String());
            case var code:
                throw new FormatException($"Compact form: unknown charge code {code}.");
        }
    }

    public static void Coverage(CompactWriter w, Coverage coverage)
    {
        Draws(w, coverage.Draws);
        w.Long(coverage.TokensCovered);
        w.Decimal(coverage.ExactCost);
        w.Long(coverage.MoneyCost);
        w.Long(coverage.Overage);
    }

    public static Coverage Coverage(ref CompactReader r) => new(Draws(ref r), r.Long(), r.Decimal(), r.Long(), r.Long());

    public static void Draws(CompactWriter w, IReadOnlyList<Draw> draws)
    {
        w.Unsigned((ulong)draws.Count);
        for (var i = 0; i < draws.Count; i++)
        {
            var draw = draws[i];
            w.String(draw.Grant.Value);
            w.String(draw.Unit.Code);
            w.Long(draw.Amount);
        }
    }

    public static Draw[] Draws(ref CompactReader r)
    {
        var draws = new Draw[r.Count()];
        for (var i = 0; i < draws.Length; i++) draws[i] = new Draw(new GrantId(r.RequiredString()), Unit(ref r), r.Long());
        return draws;
    }

    public static void Amounts(CompactWriter w, IReadOnlyList<Amount> amounts)
    {
        w.Unsigned((ulong)amounts.Count);
        for (var i = 0; i < amounts.Count; i++) Amount(w, amounts[i]);
    }

    public static Amount[] Amounts(ref CompactReader r)
    {
        var amounts = new Amount[r.Count()];
        for (var i = 0; i < amounts.Length; i++) amounts[i] = Amount(ref r);
        return amounts;
    }

    public static void Hold(CompactWriter w, HoldId hold) => w.String(hold.Value);

    public static HoldId Hold(ref CompactReader r) => new(r.RequiredString());

    /// <summary>A presence mask, then the fields present: attributions are mostly empty.</summary>
    public static void Attribution(CompactWriter w, Attribution? a)
    {
        if (a is null)
        {
            w.Unsigned(0);
            return;
        }
        var mask = 1u
            | Bit(a.CustomerId, 1) | Bit(a.AgentId, 2) | Bit(a.RequestId, 3) | Bit(a.Model, 4) | Bit(a.Provider, 5)
            | Bit(a.InputTokens, 6) | Bit(a.OutputTokens, 7) | Bit(a.Payer, 8) | Bit(a.Network, 9) | Bit(a.TransactionHash, 10) | Bit(a.EndUser, 11);
        w.Unsigned(mask);
        foreach (var text in (ReadOnlySpan<string?>)[a.CustomerId, a.AgentId, a.RequestId, a.Model, a.Provider])
            if (text is not null) w.String(text);
        if (a.InputTokens is { } input) w.Long(input);
        if (a.OutputTokens is { } output) w.Long(output);
        foreach (var text in (ReadOnlySpan<string?>)[a.Payer, a.Network, a.TransactionHash, a.EndUser])
            if (text is not null) w.String(text);
    }

    public static Attribution? Attribution(ref CompactReader r)
    {
        var mask = r.Unsigned();
        if (mask == 0) return null;
        if (mask >= 1u << 12) throw new FormatException("Compact form: unknown attribution fields.");
        string? Text(ref CompactReader r, int bit) => (mask & (1u << bit)) != 0 ? r.RequiredString() : null;
        long? Number(ref CompactReader r, int bit) => (mask & (1u << bit)) != 0 ? r.Long() : null;
        return new Attribution(
            CustomerId: Text(ref r, 1), AgentId: Text(ref r, 2), RequestId: Text(ref r, 3), Model: Text(ref r, 4), Provider: Text(ref r, 5),
            InputTokens: Number(ref r, 6), OutputTokens: Number(ref r, 7),
            Payer: Text(ref r, 8), Network: Text(ref r, 9), TransactionHash: Text(ref r, 10), EndUser: Text(ref r, 11));
    }

    private static uint Bit(string? value, int bit) => value is null ? 0 : 1u << bit;

    private static uint Bit(long? value, int bit) => value is null ? 0 : 1u << bit;

    private static void Amount(CompactWriter w, Amount amount)
    {
        w.Long(amount.Value);
        w.String(amount.Unit.Code);
    }

    private static Amount Amount(ref CompactReader r) => new(r.Long(), Unit(ref r));

    private static CreditUnit Unit(ref CompactReader r) =>
        CreditUnit.TryParse(r.String(), out var unit) ? unit : throw new FormatException("Compact form: unknown credit unit.");

    private static byte ComponentCode(UsageComponent component)
    {
        var index = Array.IndexOf(Components, component);
        return index >= 0 ? (byte)(index + 1) : throw new ArgumentException($"No compact code for the usage component {component}.", nameof(component));
    }

    private static UsageComponent Component(byte code) =>
        code >= 1 && code <= Components.Length ? Components[code - 1] : throw new FormatException($"Compact form: unknown usage component {code}.");
}
