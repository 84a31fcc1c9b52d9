using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Waterfall.Grains.Billing;

namespace Waterfall.Grains.Tests;

/// <summary>A host composes modules in any order; the wallet clock's offset must hold in all of them.</summary>
public class WalletClockRegistrationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_configured_clock_offset_holds_whichever_module_the_host_adds_first(bool billingFirst)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Waterfall:Wallets:ClockOffset"] = "3.00:00:00" });
        builder.UseOrleans(silo =>
        {
            if (billingFirst) silo.AddWaterfallBilling();
            silo.AddWaterfallGrains();
            if (!billingFirst) silo.AddWaterfallBilling();
            silo.UseLocalhostClustering();
        });
        using var host = builder.Build();

        var clock = host.Services.GetRequiredService<WalletClock>();

        Assert.Equal(TimeSpan.FromDays(3), clock.Offset);
        Assert.Single(host.Services.GetServices<WalletClock>());
    }
}
