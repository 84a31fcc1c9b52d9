using System.Net;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Waterfall.Grains;
using Waterfall.Ledger;
using Waterfall.Storage.Postgres;
using Waterfall.Storage.Sqlite;

namespace Waterfall.Silo;

/// <summary>Wires the configured store into the silo: the wallet journal, clustering and housekeeping.</summary>
internal static class StoreConfiguration
{
    public static StoreOptions Read(IConfiguration configuration) =>
        configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();

    public static void Configure(ISiloBuilder silo, IConfiguration configuration, StoreOptions store, ClusterOptions cluster)
    {
        Hosting.ConfigurationValidation.ClusterOptionsValidation.ThrowIfInvalid(cluster);
        var services = silo.Services;
        services.AddSingleton(store);
        services.Configure<WalletGrainOptions>(o => o.IdempotencyRetention = store.IdempotencyRetention);

        if (store.IsMemory)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            services.AddInMemoryWalletJournal();
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
        }
        else if (store.IsEmbedded)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            services.AddOptions<SqliteLedgerOptions>().BindConfiguration(SqliteLedgerOptions.Section);
            services.AddSingleton<ILedgerStore>(sp => new SqliteLedgerStore(sp.GetRequiredService<IOptions<SqliteLedgerOptions>>().Value));
            AddGroupCommit(services, configuration, maxConcurrentBatches: 1); // one file, one writer
            silo.UseSystemTextJsonGrainStorageSerializer();
            services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) =>
                new SqliteGrainStorage(sp.GetRequiredService<IOptions<SqliteLedgerOptions>>().Value, sp.GetRequiredService<Orleans.Storage.IGrainStorageSerializer>()));
            silo.UseSqliteReminders();
        }
        else if (store.IsPostgres)
        {
            var connectionString = store.Postgres.Resolve(configuration);
            if (store.Postgres.MigrateOnStart)
                Migrate(connectionString);
            // Before Orleans' clustering queries run into missing tables: one line that says what to do.
            if (Health.StoreSchema.PostgresProblemAsync(connectionString, CancellationToken.None).GetAwaiter().GetResult() is { } problem)
                throw new SiloStartupException(problem);
            silo.Configure<Orleans.Configuration.ClusterOptions>(o => { o.ServiceId = cluster.ServiceId; o.ClusterId = cluster.ClusterId; });
            silo.ConfigureEndpoints(AdvertisedAddress(cluster), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
            silo.UsePostgres(connectionString);
            KubernetesHosting.ConfigureIfEnabled(silo, configuration);
            services.AddSingleton(_ => PostgresLedgerStore.CreateDataSource(connectionString));
            services.AddSingleton<ILedgerStore>(sp => new PostgresLedgerStore(sp.GetRequiredService<NpgsqlDataSource>()));
            AddGroupCommit(services, configuration);
        }
        else
        {
            throw new SiloStartupException($"{StoreOptions.Section}:Kind must be embedded, postgres or memory; it is '{store.Kind}'.");
        }
    }

    private static void Migrate(string connectionString)
    {
        try
        {
            new PostgresMigrator().MigrateAsync(connectionString).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or PostgresMigrationException)
        {
            throw new SiloStartupException(ex is PostgresMigrationException ? ex.Message : StoreErrors.Describe(ex, connectionString), ex);
        }
    }

    private static IPAddress AdvertisedAddress(ClusterOptions cluster)
    {
        var configured = cluster.AdvertisedAddress ?? Environment.GetEnvironmentVariable("POD_IP");
        // An unparsable address is refused at start by the configuration validation, with the key's name.
        return IPAddress.TryParse(configured, out var address) ? address : IPAddress.Loopback;
    }

    private static void AddGroupCommit(IServiceCollection services, IConfiguration configuration, int? maxConcurrentBatches = null)
    {
        var options = configuration.GetSection(GroupCommitOptions.Section).Get<GroupCommitOptions>() ?? new GroupCommitOptions();
        if (maxConcurrentBatches is { } max) options.MaxConcurrentBatches = max;
        services.AddSingleton(sp => new GroupCommitJournal(sp.GetRequiredService<ILedgerStore>(), options));
        services.AddSingleton<IWalletJournal>(sp => sp.GetRequiredService<GroupCommitJournal>());
        services.AddHostedService<IdempotencyPurge>();
    }

    /// <summary>Where the store keeps its data, for the startup log; never includes a password.</summary>
    public static string Describe(IConfiguration configuration, StoreOptions store)
    {
        if (store.IsMemory) return "memory (nothing survives a restart)";
        if (store.IsEmbedded)
            return $"embedded SQLite file {(configuration.GetSection(SqliteLedgerOptions.Section).Get<SqliteLedgerOptions>() ?? new SqliteLedgerOptions()).Path}";
        var builder = new NpgsqlConnectionStringBuilder(store.Postgres.Resolve(configuration));
        return $"postgres {builder.Host}:{builder.Port}/{builder.Database}";
    }

    /// <summary>The <c>migrate</c> command: brings the configured store's schema up to date, prints what it applied.</summary>
    public static async Task<int> MigrateAsync(IConfiguration configuration, TextWriter output)
    {
        var store = Read(configuration);
        IReadOnlyList<string> applied;
        if (store.IsMemory)
        {
            await output.WriteLineAsync("The memory store has no schema: nothing to migrate.");
            return 0;
        }
        if (store.IsEmbedded)
        {
            var options = configuration.GetSection(SqliteLedgerOptions.Section).Get<SqliteLedgerOptions>() ?? new SqliteLedgerOptions();
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Path))!);
            applied = SqliteMigrator.Migrate(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = options.Path }.ToString());
        }
        else if (store.IsPostgres)
        {
            var connectionString = store.Postgres.Resolve(configuration);
            try
            {
                applied = await new PostgresMigrator().MigrateAsync(connectionString);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or PostgresMigrationException)
            {
                throw new SiloStartupException(ex is PostgresMigrationException ? ex.Message : StoreErrors.Describe(ex, connectionString), ex);
            }
        }
        else
        {
            await output.WriteLineAsync($"{StoreOptions.Section}:Kind must be embedded, postgres or memory; it is '{store.Kind}'.");
            return 2;
        }
        var target = Describe(configuration, store);
        await output.WriteLineAsync(applied.Count == 0 ? $"{target}: schema is up to date." : $"{target}: applied {string.Join(", ", applied)}.");
        return 0;
    }
}
