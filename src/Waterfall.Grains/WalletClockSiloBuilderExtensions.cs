using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Waterfall.Grains;

public static class WalletClockSiloBuilderExtensions
{
    /// <summary>
    /// The one registration of the clock wallets and every module above them decide by: the machine's, moved by
    /// <c>Waterfall:Wallets:ClockOffset</c> when set. Each module that reads the clock calls this, so the offset
    /// holds whichever module a host adds first; a clock registered before (a test's manual one) wins.
    /// </summary>
    public static ISiloBuilder AddWalletClock(this ISiloBuilder silo)
    {
        silo.Services.AddOptions<WalletGrainOptions>().BindConfiguration(WalletGrainOptions.Section);
        silo.Services.TryAddSingleton(sp =>
            sp.GetRequiredService<IOptions<WalletGrainOptions>>().Value.ClockOffset is { } offset && offset != TimeSpan.Zero
                ? new WalletClock(TimeProvider.System, offset)
                : WalletClock.System);
        return silo;
    }
}
