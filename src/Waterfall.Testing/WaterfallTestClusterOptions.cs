using Waterfall.Grains;
using Waterfall.Ledger;

namespace Waterfall.Testing;

public sealed class WaterfallTestClusterOptions
{
    /// <summary>How many silos to start.</summary>
    public short Silos { get; set; } = 1;

    /// <summary>The journal every silo writes to; an in-memory one unless a test brings its own (e.g. a failing one).</summary>
    public IWalletJournal? Journal { get; set; }

    /// <summary>Where wallet time starts; move it with <see cref="WaterfallTestCluster.Clock"/>.</summary>
    public DateTimeOffset StartTime { get; set; } = DateTimeOffset.UtcNow;

    public Action<WalletGrainOptions>? Wallets { get; set; }

    /// <summary>Grain state (cycles, settlements, plans…) goes through this one when set, to fail a write on demand; in memory either way.</summary>
    public FailingGrainStorage? GrainStorage { get; set; }

    /// <summary>Webhook delivery settings (retry horizon, backoff, poll interval); retries run on <see cref="WaterfallTestCluster.Clock"/>.</summary>
    public Action<Events.EventsOptions>? Events { get; set; }

    /// <summary>The chain settlement grains use; a <see cref="SimulatedSettlementChain"/> unless a test brings its own.</summary>
    public Contracts.Settlement.ISettlementChain? SettlementChain { get; set; }

    public Action<Grains.Settlement.SettlementOptions>? Settlement { get; set; }

    /// <summary>Start the gRPC front door on a loopback port and connect <see cref="WaterfallTestCluster.Sdk"/> to it (on by default).</summary>
    public bool FrontDoor { get; set; } = true;

    /// <summary>
    /// Extra configuration of the front door, as the silo reads it: e.g. <c>["Waterfall:Tenants:test:MarkupPercent"] = "20"</c>,
    /// or a second tenant's keys (<c>Waterfall:Tenants:&lt;id&gt;:ApiKeys:0:Sha256</c> and <c>:Scope</c>).
    /// </summary>
    public Dictionary<string, string?> FrontDoorSettings { get; } = new(StringComparer.OrdinalIgnoreCase);
}
