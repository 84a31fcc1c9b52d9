using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;

namespace Waterfall.Storage.Sqlite;

public static class SqliteOrleansExtensions
{
    /// <summary>The reminder service on the embedded file (<see cref="SqliteReminderTable"/>), configured by <see cref="SqliteLedgerOptions"/>.</summary>
    public static ISiloBuilder UseSqliteReminders(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(sp => new SqliteReminderTable(sp.GetRequiredService<IOptions<SqliteLedgerOptions>>().Value));
        return silo;
    }
}
