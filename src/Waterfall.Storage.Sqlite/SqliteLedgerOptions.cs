namespace Waterfall.Storage.Sqlite;

/// <summary>Configuration section <c>Waterfall:Store:Embedded</c>.</summary>
public sealed class SqliteLedgerOptions
{
    public const string Section = "Waterfall:Store:Embedded";

    /// <summary>The database file; created (with its folder) on first run.</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>
    /// FULL (default) syncs the write-ahead log on every commit: an acknowledged operation
    /// survives a power cut. NORMAL survives a process crash but not a power cut.
    /// </summary>
    public string Synchronous { get; set; } = "FULL";

    /// <summary>How often a background connection copies the write-ahead log into the database.</summary>
    public TimeSpan CheckpointInterval { get; set; } = WalCheckpointer.DefaultInterval;

    /// <summary>
    /// Once the write-ahead log holds this many bytes after a checkpoint, it is started over (briefly holding the
    /// writer back) and its file cut back to this size: the bound on the log's disk use under steady writes.
    /// </summary>
    public long WalRestartBytes { get; set; } = WalCheckpointer.DefaultRestartBytes;

    /// <summary>
    /// The most memory the writer's connection keeps database pages in (SQLite's page cache). Large batches touch a
    /// page per wallet in each index; with less than that, the writer writes pages into the log twice and reads them back.
    /// Larger is not better: until the file passes 1 GB, SQLite scans the whole cache at almost every commit
    /// (docs/performance.md, "The writer's page cache, four times too large").
    /// </summary>
    public long WriterCacheBytes { get; set; } = 16L * 1024 * 1024;

    public static string DefaultPath =>
        System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "waterfall", "waterfall.db");
}
