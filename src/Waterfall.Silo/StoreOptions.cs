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

    public bool IsEmbedded => Kind.Equals("embedded", StringComparison.OrdinalIgnoreCase);
    public bool IsPostgres => Kind.Equals("postgres", StringComparison.OrdinalIgnoreCase);
    public bool IsMemory => Kind.Equals("memory", StringComparison.OrdinalIgnoreCase);
}
