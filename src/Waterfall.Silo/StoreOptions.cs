namespace Waterfall.Silo;

/// <summary>Configuration section <c>Waterfall:Store</c>: where wallets' journals live.</summary>
public sealed class StoreOptions
{
    public const string Section = "Waterfall:Store";

    /// <summary><c>embedded</c> (default: one SQLite file, nothing to install), <c>postgres</c> (clusters) or <c>memory</c> (tests; nothing survives a restart).</summary>
    public string Kind { get; set; } = "embedded";

    /// <summary>Idempotency keys older than this are purged from the durable key table.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the purge runs.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    public PostgresStoreOptions Postgres { get; set; } = new();

    public bool IsEmbedded => Kind.Equals("embedded", StringComparison.OrdinalIgnoreCase);
    public bool IsPostgres => Kind.Equals("postgres", StringComparison.OrdinalIgnoreCase);
    public bool IsMemory => Kind.Equals("memory", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Configuration section <c>Waterfall:Store:Postgres</c>.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>Npgsql connection string; falls back to <c>ConnectionStrings:Waterfall</c>. A secret: never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the silo starts. Off by default: operators run <c>migrate</c> as a deploy step.</summary>
    public bool MigrateOnStart { get; set; }

    public string Resolve(IConfiguration configuration) =>
        ConnectionString ?? configuration.GetConnectionString("Waterfall")
        ?? throw new SiloStartupException("The postgres store needs Waterfall:Store:Postgres:ConnectionString (or ConnectionStrings:Waterfall).");
}
