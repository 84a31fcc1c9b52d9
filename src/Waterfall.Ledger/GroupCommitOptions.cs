namespace Waterfall.Ledger;

/// <summary>Configuration section <c>Waterfall:Store:GroupCommit</c>.</summary>
public sealed class GroupCommitOptions
{
    public const string Section = "Waterfall:Store:GroupCommit";

    /// <summary>At most this many journal entries go into one database round trip.</summary>
    public int MaxBatchEntries { get; set; } = 4_000;

    /// <summary>How many batches may be in flight at once (each on its own connection).</summary>
    public int MaxConcurrentBatches { get; set; } = 2;
}
