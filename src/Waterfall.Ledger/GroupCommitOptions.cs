namespace Waterfall.Ledger;

/// <summary>Configuration section <c>Waterfall:Store:GroupCommit</c>.</summary>
public sealed class GroupCommitOptions
{
    public const string Section = "Waterfall:Store:GroupCommit";

    /// <summary>At most this many journal entries go into one database round trip.</summary>
    public int MaxBatchEntries { get; set; } = 4_000;

    /// <summary>How many batches may be in flight at once (each on its own connection).</summary>
    public int MaxConcurrentBatches { get; set; } = 2;

    /// <summary>
    /// How many appends one wallet may have handed over and not yet durable. Its writer keeps them in
    /// order, so a hot wallet's next batch is ready the moment the previous one lands.
    /// </summary>
    public int MaxAppendsInFlightPerWallet { get; set; } = 4;
}
