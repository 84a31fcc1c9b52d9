using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.Chain.TypedData;

namespace Waterfall.X402.Contracts;

/// <summary>Tokens to create for an account when setting up a chain.</summary>
public sealed record TokenMint(EthAddress To, BigInteger Amount);

/// <summary>What <see cref="LocalChainSetup"/> deploys and how.</summary>
public sealed record LocalChainSetupOptions
{
    public string TokenName { get; init; } = "USD Coin";

    public string TokenSymbol { get; init; } = "USDC";

    /// <summary>The EIP-712 domain version; USDC's is "2".</summary>
    public string TokenVersion { get; init; } = "2";

    /// <summary>Accounts allowed to call the batcher's settle besides its owner (e.g. the facilitator's key).</summary>
    public IReadOnlyList<EthAddress> Submitters { get; init; } = [];

    /// <summary>The batcher's owner once set up; null keeps the deployer.</summary>
    public EthAddress? BatcherOwner { get; init; }
}

/// <summary>Where things landed: what a silo or a facilitator needs to be configured with.</summary>
public sealed record LocalChainDeployment(
    ulong ChainId,
    EthAddress Deployer,
    EthAddress Token,
    EthAddress Batcher,
    Eip712Domain TokenDomain,
    IReadOnlyList<Bytes32> TransactionHashes);

/// <summary>
/// Sets up a development chain (anvil, or any node whose deployer key has gas): deploys the EIP-3009
/// token ("USD Coin", "USDC", "2") as the deployer's next transaction, then the settlement batcher,
/// allows the submitters, and mints to the given accounts. On a fresh anvil with account #0 as the
/// deployer the token lands at 0x5FbDB2315678afecb367f032d93F642f64180aa3, the address x402's
/// reference vectors use. A library call; the silo host exposes it as its `deploy` command.
/// </summary>
public static class LocalChainSetup
{
    /// <summary>Sets up the chain at <paramref name="rpcUrl"/>; the HTTP client lives only for the call.</summary>
    public static async Task<LocalChainDeployment> DeployAsync(
        Uri rpcUrl,
        EthPrivateKey deployerKey,
        IReadOnlyList<TokenMint>? mints = null,
        LocalChainSetupOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpcUrl);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        return await DeployAsync(new EthRpcClient(http, rpcUrl), deployerKey, mints, options, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<LocalChainDeployment> DeployAsync(
        EthRpcClient client,
        EthPrivateKey deployerKey,
        IReadOnlyList<TokenMint>? mints = null,
        LocalChainSetupOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(deployerKey);
        options ??= new LocalChainSetupOptions();
        mints ??= [];
        var sender = await EthTransactionSender.CreateAsync(client, new EthSigner(deployerKey), cancellationToken).ConfigureAwait(false);
        var deployer = new ContractDeployer(sender);
        var hashes = new List<Bytes32>();

        var token = await deployer.DeployAsync(
            ContractArtifacts.Eip3009Token, [options.TokenName, options.TokenSymbol, options.TokenVersion], null, cancellationToken).ConfigureAwait(false);
        hashes.Add(token.TransactionHash);
        var batcher = await deployer.DeployAsync(
            ContractArtifacts.SettlementBatcher, [sender.Address], null, cancellationToken).ConfigureAwait(false);
        hashes.Add(batcher.TransactionHash);

        // Everything after the deployments is independent: submit it all, then wait for the receipts.
        var pending = new List<(string What, Bytes32 Hash)>();
        foreach (var submitter in options.Submitters.Distinct())
        {
            var signed = await sender.SubmitAsync(batcher.Address, SettlementBatcherClient.EncodeSetSubmitter(submitter, true), null, cancellationToken).ConfigureAwait(false);
            pending.Add(($"setSubmitter({submitter})", signed.Hash));
        }
        foreach (var mint in mints)
        {
            ArgumentNullException.ThrowIfNull(mint);
            var signed = await sender.SubmitAsync(token.Address, Eip3009TokenClient.EncodeMint(mint.To, mint.Amount), null, cancellationToken).ConfigureAwait(false);
            pending.Add(($"mint({mint.To}, {mint.Amount})", signed.Hash));
        }
        if (options.BatcherOwner is { } owner && owner != sender.Address)
        {
            var signed = await sender.SubmitAsync(batcher.Address, SettlementBatcherClient.EncodeTransferOwnership(owner), null, cancellationToken).ConfigureAwait(false);
            pending.Add(($"transferOwnership({owner})", signed.Hash));
        }
        foreach (var (what, hash) in pending)
        {
            var receipt = await sender.WaitForReceiptAsync(hash, cancellationToken).ConfigureAwait(false);
            if (!receipt.Succeeded)
                throw new TransactionFailedException($"Setting up the chain: {what} reverted (transaction {hash}).", receipt);
            hashes.Add(hash);
        }

        return new LocalChainDeployment(
            sender.ChainId,
            sender.Address,
            token.Address,
            batcher.Address,
            new Eip712Domain(options.TokenName, options.TokenVersion, sender.ChainId, token.Address),
            hashes);
    }
}
