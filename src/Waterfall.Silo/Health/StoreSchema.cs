using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Waterfall.Storage.Postgres;
using Waterfall.Storage.Sqlite;

namespace Waterfall.Silo.Health;

/// <summary>Whether the configured store answers and carries every migration this build expects.</summary>
public sealed class StoreSchema(StoreOptions store, IConfiguration configuration, IServiceProvider services)
{
    /// <summary>Null when the store is reachable and up to date; otherwise what is wrong, in one sentence.</summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        if (store.IsMemory) return null;
        if (store.IsEmbedded) return EmbeddedProblem(services.GetRequiredService<IOptions<SqliteLedgerOptions>>().Value);
        return await PostgresProblemAsync(store.Postgres.Resolve(configuration), cancellationToken);
    }

    /// <summary>What keeps a PostgreSQL silo from running on this database, or null: unreachable, missing, or not migrated.</summary>
    public static async Task<string?> PostgresProblemAsync(string connectionString, CancellationToken cancellationToken)
    {
        IReadOnlyList<MigrationStatus> statuses;
        try
        {
            statuses = await new PostgresMigrator().StatusAsync(connectionString, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return StoreErrors.Describe(ex, connectionString);
        }
        var pending = statuses.Where(s => s.State == MigrationState.Pending).Select(s => s.Name).ToList();
        if (pending.Count > 0)
            return $"{StoreErrors.Target(connectionString)} is missing migrations {string.Join(", ", pending)}: run `Waterfall.Silo migrate` against it first.";
        var changed = statuses.Where(s => s.State == MigrationState.ChecksumMismatch).Select(s => s.Name).ToList();
        if (changed.Count > 0)
            return $"{StoreErrors.Target(connectionString)} applied migrations {string.Join(", ", changed)} with scripts that differ from this build's.";
        return null;
    }

    private static string? EmbeddedProblem(SqliteLedgerOptions options)
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = options.Path, Mode = SqliteOpenMode.ReadOnly }.ToString());
            connection.Open();
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT name FROM waterfall_schema_migrations";
            var applied = new HashSet<string>(StringComparer.Ordinal);
            using (var reader = read.ExecuteReader())
                while (reader.Read()) applied.Add(reader.GetString(0));
            var missing = SqliteMigrator.Migrations.Select(m => m.Name).Where(n => !applied.Contains(n)).ToList();
            return missing.Count == 0 ? null : $"The embedded store {options.Path} is missing migrations {string.Join(", ", missing)}.";
        }
        catch (SqliteException ex)
        {
            return $"The embedded store {options.Path} cannot be read: {ex.Message}";
        }
    }
}
