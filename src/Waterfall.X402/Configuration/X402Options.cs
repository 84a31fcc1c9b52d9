namespace Waterfall.X402;

/// <summary>
/// x402 settings, bound from the configuration section <c>Waterfall:X402</c>:
/// <code>
/// "Waterfall": { "X402": {
///   "FacilitatorPath": "/x402",
///   "SignerPrivateKey": "0x…",              // or SignerPrivateKeyFile: a mounted Kubernetes secret
///   "Networks": {
///     "base":  { "RpcUrl": "https://mainnet.base.org" },   // the rest comes from the built-in Base preset
///     "local": { "Network": "eip155:31337", "RpcUrl": "http://127.0.0.1:8545",
///                "Asset": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "AssetName": "USD Coin", "AssetVersion": "2" }
///   } } }
/// </code>
/// The signing key is a secret: it is never logged, and <see cref="ToString"/> leaves it out.
/// </summary>
public sealed class X402Options
{
    public const string SectionName = "Waterfall:X402";

    public const string DefaultFacilitatorPath = "/x402";

    /// <summary>
    /// Whether the silo serves the facilitator endpoints to other x402 servers. Off by default: /settle
    /// spends the settlement key's gas for whoever calls it, so turn it on only behind a gateway that
    /// admits the servers you facilitate for.
    /// </summary>
    public bool ServeFacilitator { get; set; }

    /// <summary>Where MapX402Facilitator puts /verify, /settle and /supported.</summary>
    public string FacilitatorPath { get; set; } = DefaultFacilitatorPath;

    /// <summary>The facilitator's settlement key, 0x + 64 hex digits. Pays gas for every settlement.</summary>
    public string? SignerPrivateKey { get; set; }

    /// <summary>A file holding the key instead (e.g. a mounted secret); used when <see cref="SignerPrivateKey"/> is empty.</summary>
    public string? SignerPrivateKeyFile { get; set; }

    /// <summary>Networks by a local name ("base", "base-sepolia", "local", …).</summary>
    public Dictionary<string, X402NetworkOptions> Networks { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long settlement waits for a receipt before answering "settlement_pending" (the reference waits 180 s).</summary>
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromSeconds(180);

    /// <summary>
    /// Which clock verification reads "now" from when no IPaymentClock is registered: "System" (this
    /// machine's UTC clock, like the reference) or "Chain" (the latest block's timestamp).
    /// </summary>
    public string Clock { get; set; } = "System";

    /// <summary>Never shows the key or the key file's path.</summary>
    public override string ToString() =>
        $"X402Options(FacilitatorPath={FacilitatorPath}, Networks=[{string.Join(", ", Networks.Keys)}], " +
        $"Signer={(string.IsNullOrEmpty(SignerPrivateKey) && string.IsNullOrEmpty(SignerPrivateKeyFile) ? "none" : "configured")})";
}

/// <summary>One EVM network as configured. Blank members are filled from the built-in preset of the same network, if any.</summary>
public sealed class X402NetworkOptions
{
    /// <summary>CAIP-2 id, e.g. "eip155:8453". May be left out when the entry's name is a built-in ("base", "base-sepolia").</summary>
    public string? Network { get; set; }

    /// <summary>Defaults to the number in the CAIP-2 id; must agree with it and with the node.</summary>
    public ulong? ChainId { get; set; }

    public string? RpcUrl { get; set; }

    /// <summary>The USDC (EIP-3009) token contract.</summary>
    public string? Asset { get; set; }

    /// <summary>The token's EIP-712 domain name ("USD Coin" on Base, "USDC" on Base Sepolia).</summary>
    public string? AssetName { get; set; }

    /// <summary>The token's EIP-712 domain version ("2" for USDC).</summary>
    public string? AssetVersion { get; set; }

    public int? AssetDecimals { get; set; }

    /// <summary>Blocks a settlement must be buried under before it counts (1 = mined).</summary>
    public int? Confirmations { get; set; }

    /// <summary>The x402 v1 name of this network ("base", "base-sepolia"); v1 payments name networks this way.</summary>
    public string? V1Name { get; set; }

    /// <summary>How often to poll for a receipt.</summary>
    public TimeSpan? ReceiptPollInterval { get; set; }

    /// <summary>
    /// The address wallet top-ups on this network are paid to (the platform's treasury). Without it the
    /// network serves the facilitator only and offers no top-ups.
    /// </summary>
    public string? TopUpPayTo { get; set; }

    /// <summary>The SettlementBatcher contract that settles top-ups in batches; required with <see cref="TopUpPayTo"/>.</summary>
    public string? SettlementBatcher { get; set; }
}
