namespace Waterfall.LoadGen.Scenarios;

/// <summary>One kind of load: how to prepare, what one operation is, and how to audit the result.</summary>
public interface IScenario
{
    string Name { get; }

    Task SetupAsync(CancellationToken cancellationToken);

    /// <summary>One operation against one wallet; returns null when accepted, else the refusal's reason.</summary>
    Task<string?> RunAsync(Connection connection, string walletId, string key, CancellationToken cancellationToken);

    /// <summary>Checks the ledger holds exactly the operations that were acknowledged, per wallet.</summary>
    Task<AuditResult> AuditAsync(IReadOnlyDictionary<string, List<string>> acknowledgedKeysByWallet, CancellationToken cancellationToken);
}

/// <param name="Charged">Gateway scenarios: the captures found for this run's calls.</param>
/// <param name="Calls">Gateway scenarios: the calls made, warm-up included.</param>
public sealed record AuditResult(bool Passed, string Summary, long? Charged = null, long? Calls = null);
