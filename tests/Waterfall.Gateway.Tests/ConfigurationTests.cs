using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Waterfall.Gateway.Tests;

public class ConfigurationTests
{
    private static GatewayOptions Read(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddWaterfallGateway();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GatewayOptions>>().Value;
    }

    [Theory]
    [InlineData("Waterfall:Gateway:TopUpAmountUsd", "0.0000001")]
    [InlineData("Waterfall:Gateway:TopUpAmountUsd", "0")]
    [InlineData("Waterfall:Gateway:StreamSliceTokens", "0")]
    [InlineData("Waterfall:Gateway:HoldTtl", "00:01:00")]
    public void A_setting_the_gateway_cannot_work_with_is_refused_with_its_name(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(new() { [key] = value }));
        Assert.Contains(key.Split(':')[^1], error.Message);
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Equal(5m, Read([]).TopUpAmountUsd);
}
