using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Waterfall.Silo.Telemetry;

namespace Waterfall.FrontDoor.Tests.Operations;

/// <summary>ASP.NET Core's hosting logger costs an Activity per request while enabled at all; it is off only when nothing wants it.</summary>
public class HostingRequestLogTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Theory]
    [InlineData("Microsoft.AspNetCore", "Warning")]
    [InlineData("Microsoft", "Error")]
    [InlineData("Default", "None")]
    public void It_is_idle_when_no_trace_is_recorded_and_the_level_that_applies_is_above_information(string category, string level) =>
        Assert.True(HostingRequestLog.IsIdle(Settings(($"Logging:LogLevel:{category}", level)), recordsTraces: false));

    [Fact]
    public void The_most_specific_configured_level_decides()
    {
        var configuration = Settings(("Logging:LogLevel:Default", "Warning"), ("Logging:LogLevel:Microsoft.AspNetCore", "Information"));

        Assert.False(HostingRequestLog.IsIdle(configuration, recordsTraces: false));
    }

    [Fact]
    public void Recorded_traces_keep_it()
    {
        Assert.False(HostingRequestLog.IsIdle(Settings(("Logging:LogLevel:Default", "Warning")), recordsTraces: true));
    }

    [Theory]
    [InlineData("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Warning")]
    [InlineData("Logging:Console:LogLevel:Microsoft.AspNetCore.Hosting", "Error")]
    public void An_operator_who_names_the_category_keeps_it_as_configured(string key, string level)
    {
        Assert.False(HostingRequestLog.IsIdle(Settings(("Logging:LogLevel:Default", "Warning"), (key, level)), recordsTraces: false));
    }

    [Fact]
    public void Nothing_configured_means_the_runtimes_information_level_which_writes_the_request_lines()
    {
        Assert.False(HostingRequestLog.IsIdle(Settings(), recordsTraces: false));
    }

    [Fact]
    public void A_silo_with_the_shipped_levels_and_no_traces_turns_the_category_off()
    {
        var configuration = silo.Services.GetRequiredService<IConfiguration>();
        var logger = silo.Services.GetRequiredService<ILoggerFactory>().CreateLogger(HostingRequestLog.Category);

        Assert.Equal("Warning", configuration["Logging:LogLevel:Microsoft.AspNetCore"]); // the silo's appsettings.json
        Assert.False(logger.IsEnabled(LogLevel.Critical));
        Assert.True(silo.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Warning));
    }
}
