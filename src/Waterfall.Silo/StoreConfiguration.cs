using Microsoft.Extensions.Options;
using Waterfall.Grains;
using Waterfall.Ledger;
using Waterfall.Storage.Sqlite;

namespace Waterfall.Silo;

/// <summary>Wires the configured store into the silo: the wallet journal, clustering and housekeeping.</summary>
internal static class StoreConfiguration
{
    public static StoreOptions Read(IConfiguration configuration) =>
        configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();

    public static void Configure(ISiloBuilder silo, IConfiguration configuration, StoreOptions store, ClusterOptions cluster)
    {
        var services = silo.Services;
        services.AddSingleton(store);
        services.Configure<WalletGrainOptions>(o => o.IdempotencyRetention = store.IdempotencyRetention);

        if (store.IsMemory)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            services.AddInMemoryWalletJournal();
            return;
        }
        if (!store.IsEmbedded)
            throw new InvalidOperationException($"Unknown store '{store.Kind}': use embedded, postgres or memory.");

        silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        services.AddOptions<SqliteLedgerOptions>().BindConfiguration(SqliteLedgerOptions.Section);
        services.AddSingleton<ILedgerStore>(sp => new SqliteLedgerStore(sp.GetRequiredService<IOptions<SqliteLedgerOptions>>().Value));
        AddGroupCommit(services, configuration, maxConcurrentBatches: 1); // one file, one writer
    }

    private static void AddGroupCommit(IServiceCollection services, IConfiguration configuration, int? maxConcurrentBatches = null)
    {
        var options = configuration.GetSection(GroupCommitOptions.Section).Get<GroupCommitOptions>() ?? new GroupCommitOptions();
        if (maxConcurrentBatches is { } max) options.MaxConcurrentBatches = max;
        services.AddSingleton(sp => new GroupCommitJournal(sp.GetRequiredService<ILedgerStore>(), options));
        services.AddSingleton<IWalletJournal>(sp => sp.GetRequiredService<GroupCommitJournal>());
        services.AddHostedService<IdempotencyPurge>();
    }

    /// <summary>The <c>migrate</c> command: brings the configured store's schema up to date, prints what it applied.</summary>
    public static int Migrate(IConfiguration configuration, TextWriter output)
    {
        var store = Read(configuration);
        if (store.IsMemory)
        {
            output.WriteLine("The memory store has no schema: nothing to migrate.");
            return 0;
        }
        if (store.IsEmbedded)
        {
            var options = configuration.GetSection(SqliteLedgerOptions.Section).Get<SqliteLedgerOptions>() ?? new SqliteLedgerOptions();
            var applied = SqliteMigrator.Migrate(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = options.Path }.ToString());
            Report(output, $"embedded store {options.Path}", applied);
            return 0;
        }
        throw new InvalidOperationException($"Unknown store '{store.Kind}': use embedded, postgres or memory.");
    }

    private static void Report(TextWriter output, string target, IReadOnlyList<string> applied)
    {
        output.WriteLine(applied.Count == 0
            ? $"{target}: schema is up to date."
            : $"{target}: applied {string.Join(", ", applied)}.");
    }
}
