namespace Waterfall.X402.Contracts;

/// <summary>
/// The contracts compiled from deploy/contracts, embedded in this assembly so the product deploys them
/// without node or solc. Regenerate with `node deploy/contracts/compile.mjs` after changing a .sol file;
/// a test fails while the embedded artifacts differ from a fresh compilation.
/// </summary>
public static class ContractArtifacts
{
    private static readonly Lazy<ContractArtifact> Token = new(() => Load("Eip3009Token"));
    private static readonly Lazy<ContractArtifact> Batcher = new(() => Load("SettlementBatcher"));
    private static readonly Lazy<ContractArtifact> Wallet = new(() => Load("TestSmartWallet"));

    /// <summary>The ERC-20 with USD Coin's surface and EIP-3009; constructor(string name, string symbol, string version).</summary>
    public static ContractArtifact Eip3009Token => Token.Value;

    /// <summary>Settles many EIP-3009 authorizations in one transaction; constructor(address initialOwner).</summary>
    public static ContractArtifact SettlementBatcher => Batcher.Value;

    /// <summary>A minimal ERC-1271 wallet for testing contract payers; constructor(address owner).</summary>
    public static ContractArtifact TestSmartWallet => Wallet.Value;

    /// <summary>Every embedded artifact, in a fixed order.</summary>
    public static IReadOnlyList<ContractArtifact> All => [Eip3009Token, SettlementBatcher, TestSmartWallet];

    /// <summary>The embedded artifact JSON exactly as compile.mjs wrote it (for comparison with a fresh compilation).</summary>
    public static string RawJson(string contractName)
    {
        ArgumentException.ThrowIfNullOrEmpty(contractName);
        var resource = $"Waterfall.X402.Contracts.Artifacts.{contractName}.json";
        using var stream = typeof(ContractArtifacts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The artifact {resource} is not embedded in {typeof(ContractArtifacts).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static ContractArtifact Load(string contractName) => ContractArtifact.FromJson(RawJson(contractName));
}
