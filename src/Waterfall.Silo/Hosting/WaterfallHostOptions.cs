using System.ComponentModel.DataAnnotations;

namespace Waterfall.Silo.Hosting;

/// <summary>Configuration section <c>Waterfall:Host</c>: how the process stops.</summary>
public sealed class WaterfallHostOptions
{
    public const string Section = "Waterfall:Host";

    /// <summary>
    /// How long a graceful stop (SIGTERM) may take in all: in-flight calls finish, the silo leaves the cluster.
    /// Keep Kubernetes' <c>terminationGracePeriodSeconds</c> above it.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the host keeps serving after SIGTERM while already reporting not ready, so load balancers
    /// (a Kubernetes Service) stop sending new calls before the ports close. Part of <see cref="ShutdownTimeout"/>.
    /// </summary>
    public TimeSpan ShutdownDelay { get; set; } = TimeSpan.Zero;
}
