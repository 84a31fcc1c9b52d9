using System.Diagnostics;
using Npgsql;

namespace Waterfall.Storage.Postgres;

/// <summary>
/// Brings a PostgreSQL database up to the current schema by applying the migrations it has not applied yet,
/// in version order, each in its own transaction, and recording each one (version, name, SHA-256 checksum,
/// applied_at) in <see cref="HistoryTable"/>.
/// </summary>
/// <remarks>
/// <para>Safe to run from every silo at startup: a session-level <c>pg_advisory_lock</c> makes concurrent
/// runs take turns, and a run that finds everything applied changes nothing.</para>
/// <para>It refuses to run (<see cref="PostgresMigrationException"/>) when an applied migration's checksum no
/// longer matches its script — applied migrations are immutable; write a new one instead — and when a
/// migration this build knows is still pending although a later version is already applied. Migrations the
/// database has but this build does not know (a newer build ran) are left alone and reported by
/// <see cref="StatusAsync"/>.</para>
/// <para>Each script runs in a transaction, so it must not contain <c>BEGIN</c>/<c>COMMIT</c> or statements
/// that cannot run in a transaction (<c>CREATE INDEX CONCURRENTLY</c>, <c>VACUUM</c>).</para>
/// </remarks>
public sealed class PostgresMigrator
{
    /// <summary>The table that records applied migrations.</summary>
    public const string HistoryTable = "waterfall_schema_migrations";

    /// <summary>The <c>pg_advisory_lock</c> key that serialises migrators on one database ("Waterfal" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x5761_7465_7266_616C;

    private const string CreateHistoryTable = $"""
        CREATE TABLE IF NOT EXISTS {HistoryTable}
        (
            version           integer     NOT NULL PRIMARY KEY,
            name              text        NOT NULL,
            checksum          text        NOT NULL,
            applied_at        timestamptz NOT NULL DEFAULT now(),
            execution_time_ms bigint      NOT NULL
        )
        """;

    /// <summary>A migrator for this project's embedded migrations (<see cref="Migration.Embedded"/>).</summary>
    public PostgresMigrator()
        : this(Migration.Embedded)
    {
    }

    /// <summary>A migrator for the given migrations (ordered by version; versions must be unique).</summary>
    public PostgresMigrator(IEnumerable<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        Migrations = Migration.Ordered(migrations);
    }

    /// <summary>The migrations this migrator knows, in version order.</summary>
    public IReadOnlyList<Migration> Migrations { get; }

    /// <summary>
    /// Applies every pending migration, in order, and returns the names of those it applied (empty when the
    /// database was already up to date).
    /// </summary>
    /// <exception cref="PostgresMigrationException">A checksum changed, a migration is out of order, or a script failed (its transaction is rolled back; earlier ones stay applied).</exception>
    public async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 })
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            if (!await HistoryExistsAsync(connection, cancellationToken))
            {
                await using var create = new NpgsqlCommand(CreateHistoryTable, connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            var applied = await ReadHistoryAsync(connection, cancellationToken);
            var pending = Plan(applied);
            var done = new List<string>(pending.Count);
            foreach (var migration in pending)
            {
                await ApplyAsync(connection, migration, cancellationToken);
                done.Add(migration.Name);
            }
            return done;
        }
        finally
        {
            // Closing the connection would release the lock too, but a pooled connection is not closed.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                try
                {
                    await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                    unlock.Parameters.AddWithValue("key", AdvisoryLockKey);
                    await unlock.ExecuteNonQueryAsync(CancellationToken.None);
                }
                catch (NpgsqlException)
                {
                    // The connection broke: the server released the lock with the session. Keep the original error.
                }
            }
        }
    }

    /// <summary>
    /// Every known migration with its state in the database, followed by migrations the database has applied
    /// but this build does not know. Changes nothing and takes no lock.
    /// </summary>
    public async Task<IReadOnlyList<MigrationStatus>> StatusAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        var applied = await HistoryExistsAsync(connection, cancellationToken) ? await ReadHistoryAsync(connection, cancellationToken) : new Dictionary<int, AppliedMigration>();

        var statuses = new List<MigrationStatus>();
        foreach (var migration in Migrations)
        {
            if (!applied.TryGetValue(migration.Version, out var row))
            {
                statuses.Add(new MigrationStatus(migration.Version, migration.Name, migration.Checksum, MigrationState.Pending, null));
                continue;
            }
            var state = row.Checksum == migration.Checksum ? MigrationState.Applied : MigrationState.ChecksumMismatch;
            statuses.Add(new MigrationStatus(migration.Version, migration.Name, row.Checksum, state, row.AppliedAt));
        }
        var known = Migrations.Select(m => m.Version).ToHashSet();
        foreach (var row in applied.Values.Where(r => !known.Contains(r.Version)).OrderBy(r => r.Version))
            statuses.Add(new MigrationStatus(row.Version, row.Name, row.Checksum, MigrationState.AppliedUnknown, row.AppliedAt));
        return statuses;
    }

    private List<Migration> Plan(IReadOnlyDictionary<int, AppliedMigration> applied)
    {
        foreach (var migration in Migrations)
        {
            if (applied.TryGetValue(migration.Version, out var row) && row.Checksum != migration.Checksum)
            {
                throw new PostgresMigrationException(
                    $"Migration {migration.Name} was applied on {row.AppliedAt:u} with checksum {row.Checksum}, but its script now has checksum " +
                    $"{migration.Checksum}. Applied migrations must not change: restore the original script and add a new migration for the change.");
            }
        }
        var pending = Migrations.Where(m => !applied.ContainsKey(m.Version)).ToList();
        if (pending.Count > 0 && applied.Count > 0)
        {
            var latest = applied.Values.MaxBy(r => r.Version)!;
            var early = pending.Where(m => m.Version < latest.Version).ToList();
            if (early.Count > 0)
            {
                throw new PostgresMigrationException(
                    $"Migration(s) {string.Join(", ", early.Select(m => m.Name))} are not applied, but the later migration {latest.Name} is. " +
                    "Renumber the new migration(s) after the latest applied one.");
            }
        }
        return pending;
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var script = new NpgsqlCommand(migration.Sql, connection, transaction) { CommandTimeout = 0 })
                await script.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            var where = e.Position > 0 ? $" at line {LineOf(migration.Sql, e.Position)}" : "";
            throw new PostgresMigrationException($"Migration {migration.Name} failed{where} and was rolled back: {e.SqlState} {e.MessageText}", e);
        }

        await using (var record = new NpgsqlCommand(
            $"INSERT INTO {HistoryTable} (version, name, checksum, execution_time_ms) VALUES (@version, @name, @checksum, @ms)", connection, transaction))
        {
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("checksum", migration.Checksum);
            record.Parameters.AddWithValue("ms", stopwatch.ElapsedMilliseconds);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<bool> HistoryExistsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand($"SELECT to_regclass('{HistoryTable}') IS NOT NULL", connection);
        return (bool)(await exists.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<Dictionary<int, AppliedMigration>> ReadHistoryAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, AppliedMigration>();
        await using var command = new NpgsqlCommand($"SELECT version, name, checksum, applied_at FROM {HistoryTable}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new AppliedMigration(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
            applied.Add(row.Version, row);
        }
        return applied;
    }

    // Npgsql reports the 1-based character position of an error within the statement it sent; for a
    // multi-statement script that is relative to the statement, so the line is a hint, counted from the start.
    private static int LineOf(string sql, int position) =>
        1 + sql.AsSpan(0, Math.Min(position, sql.Length)).Count('\n');

    private sealed record AppliedMigration(int Version, string Name, string Checksum, DateTimeOffset AppliedAt);
}

/// <summary>Where a migration stands in one database.</summary>
public enum MigrationState
{
    /// <summary>Known to this build, not applied yet.</summary>
    Pending,

    /// <summary>Applied, and the script still has the checksum it was applied with.</summary>
    Applied,

    /// <summary>Applied, but the script changed since: <see cref="PostgresMigrator.MigrateAsync"/> refuses to run.</summary>
    ChecksumMismatch,

    /// <summary>Applied by a build that knows migrations this one does not (a newer version ran).</summary>
    AppliedUnknown,
}

/// <summary>One migration's state, as <see cref="PostgresMigrator.StatusAsync"/> reports it.</summary>
/// <param name="Version">The <c>NNNN</c> of the file name.</param>
/// <param name="Name">The file name without <c>.sql</c>.</param>
/// <param name="Checksum">The recorded checksum when applied, otherwise the script's.</param>
/// <param name="State">Pending, applied, changed since applied, or unknown to this build.</param>
/// <param name="AppliedAt">When it was applied; <c>null</c> when pending.</param>
public sealed record MigrationStatus(int Version, string Name, string Checksum, MigrationState State, DateTimeOffset? AppliedAt)
{
    public override string ToString() => AppliedAt is { } at ? $"{Name}  {State}  {at:u}" : $"{Name}  {State}";
}

/// <summary>A migration run refused to proceed or a script failed; the message says which and why.</summary>
public sealed class PostgresMigrationException : Exception
{
    public PostgresMigrationException(string message)
        : base(message)
    {
    }

    public PostgresMigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
