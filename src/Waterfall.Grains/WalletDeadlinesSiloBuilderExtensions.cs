using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace Waterfall.Grains;

public static class WalletDeadlinesSiloBuilderExtensions
{
    /// <summary>Configuration section for Orleans' <see cref="ReminderOptions"/> (minimum period, refresh period).</summary>
    public const string ReminderSection = "Waterfall:Reminders";

    /// <summary>
    /// The reminder service wallets keep their next deadline in. Its table comes with the store
    /// (PostgreSQL, the embedded SQLite file, or in memory), registered by the store's configuration.
    /// </summary>
    public static ISiloBuilder AddWalletDeadlines(this ISiloBuilder silo)
    {
        silo.AddReminders();
        silo.Services.AddOptions<ReminderOptions>().BindConfiguration(ReminderSection);
        return silo;
    }
}
