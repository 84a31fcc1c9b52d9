namespace Waterfall.Silo.Health;

/// <summary>
/// What start-up has finished: the host (silo included) started, and the demo wallet seeded when the demo
/// tenant is on. The startup probe and readiness wait for both, so no probe goes green before the demo
/// wallet a new user is told to call exists.
/// </summary>
public sealed class SiloStartup
{
    private volatile bool _started;
    private volatile bool _demoSeeded;

    public SiloStartup(IConfiguration configuration, IHostApplicationLifetime lifetime)
    {
        DemoEnabled = configuration.GetValue<bool>(DemoTenant.EnabledKey);
        _demoSeeded = !DemoEnabled;
        lifetime.ApplicationStarted.Register(() => _started = true);
    }

    public bool DemoEnabled { get; }

    public bool Started => _started;

    public bool DemoSeeded => _demoSeeded;

    internal void MarkDemoSeeded() => _demoSeeded = true;
}
