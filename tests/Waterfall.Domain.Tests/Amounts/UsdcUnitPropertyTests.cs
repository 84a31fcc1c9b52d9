using CsCheck;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Tests.Amounts;

public class UsdcUnitPropertyTests
{
    [Fact]
    public void Every_whole_number_of_USDC_units_converts_to_nano_dollars_and_back_exactly() =>
        Gen.Long[0, long.MaxValue / NanoDollars.PerUsdcAtomicUnit].Sample(atomic =>
            NanoDollars.TryToUsdcAtomicUnits(NanoDollars.FromUsdcAtomicUnits(atomic), out var back) && back == atomic);

    [Fact]
    public void A_nano_dollar_amount_that_is_not_a_whole_number_of_USDC_units_is_never_rounded_into_one() =>
        Gen.Long[0, long.MaxValue / NanoDollars.PerUsdcAtomicUnit - 1].SelectMany(a => Gen.Long[1, NanoDollars.PerUsdcAtomicUnit - 1].Select(r => a * NanoDollars.PerUsdcAtomicUnit + r))
            .Sample(nanos => !NanoDollars.TryToUsdcAtomicUnits(nanos, out _));
}
