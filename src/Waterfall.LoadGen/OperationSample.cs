namespace Waterfall.LoadGen;

/// <summary>
/// One measured operation, as Stopwatch timestamps: when it was due (open loop; otherwise when it started), when its
/// agent was free to start it (the later of due and the end of the agent's previous operation), when it started and
/// when it ended.
/// </summary>
public readonly record struct OperationSample(long Due, long Ready, long Started, long Ended)
{
    /// <summary>What the caller saw: from due to answered, so a stall is charged to every operation it delayed.</summary>
    public long Latency => Ended - Due;

    /// <summary>
    /// The generator's own delay: how long after its agent was free and the operation was due it actually started
    /// (timer wake-up and the generator's thread pool). Waiting for the previous answer is the server's, not this.
    /// </summary>
    public long Lag => Started - Ready;
}
