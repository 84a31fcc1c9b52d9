using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;

namespace Waterfall.Storage.Postgres;

/// <summary>
/// Wires Orleans' ADO.NET providers to PostgreSQL through Npgsql. The database must have been migrated
/// (<see cref="PostgresMigrator"/>): the providers read their SQL from its <c>OrleansQuery</c> table at startup.
/// </summary>
/// <remarks>
/// The providers find Npgsql by its invariant name <see cref="Invariant"/>: they load the <c>Npgsql</c>
/// assembly and take <c>Npgsql.NpgsqlFactory.Instance</c>, so no <c>DbProviderFactories</c> registration is
/// needed — only the Npgsql assembly next to the application, which referencing this project guarantees.
/// </remarks>
public static class PostgresOrleansExtensions
{
    /// <summary>The ADO.NET invariant name the Orleans providers map to Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Clustering, the reminder service and the default grain storage (System.Text.Json payloads) on PostgreSQL.
    /// Also makes System.Text.Json the silo's default grain storage serializer, for every other storage provider.
    /// </summary>
    public static ISiloBuilder UsePostgres(this ISiloBuilder silo, string connectionString) =>
        silo.UsePostgresClustering(connectionString)
            .UsePostgresReminders(connectionString)
            .AddPostgresGrainStorageAsDefault(connectionString)
            .UseSystemTextJsonGrainStorageSerializer();

    /// <summary>Membership on PostgreSQL (ADO.NET clustering): silos find each other through <c>OrleansMembershipTable</c>.</summary>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder silo, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return silo.UseAdoNetClustering((AdoNetClusteringSiloOptions options) =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
    }

    /// <summary>The reminder service on PostgreSQL (<c>OrleansRemindersTable</c>).</summary>
    public static ISiloBuilder UsePostgresReminders(this ISiloBuilder silo, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return silo.UseAdoNetReminderService((AdoNetReminderTableOptions options) =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
    }

    /// <summary>The default grain storage (<c>[PersistentState("x")]</c> with no storage name) on PostgreSQL, payloads as System.Text.Json.</summary>
    public static ISiloBuilder AddPostgresGrainStorageAsDefault(this ISiloBuilder silo, string connectionString) =>
        silo.AddPostgresGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, connectionString);

    /// <summary>A named grain storage on PostgreSQL (<c>OrleansStorage</c>), payloads as System.Text.Json.</summary>
    /// <param name="silo">The silo.</param>
    /// <param name="name">The storage name grains refer to (<c>[PersistentState("state", name)]</c>).</param>
    /// <param name="connectionString">The migrated database.</param>
    /// <param name="configure">Further options, e.g. <see cref="AdoNetGrainStorageOptions.DeleteStateOnClear"/>; runs after ours.</param>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder silo, string name, string connectionString, Action<AdoNetGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return silo.AddAdoNetGrainStorage(name, (OptionsBuilder<AdoNetGrainStorageOptions> options) =>
            options.Configure<IOptions<SystemTextJsonGrainStorageSerializerOptions>>((storage, json) =>
            {
                storage.Invariant = Invariant;
                storage.ConnectionString = connectionString;
                // Set per provider, not left to the silo default, so state stays System.Text.Json-shaped (no
                // Newtonsoft "$type" with assembly names) even if something else changes the default.
                storage.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(json);
                configure?.Invoke(storage);
            }));
    }

    /// <summary>A client (outside the silos) that finds gateways through PostgreSQL clustering.</summary>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder client, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return client.UseAdoNetClustering((AdoNetClusteringClientOptions options) =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
    }
}
