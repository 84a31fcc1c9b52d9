using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.Chain.TypedData;
using Waterfall.X402.Contracts;

namespace Waterfall.ChainTestSupport;

/// <summary>What a <see cref="LocalChain"/> funds.</summary>
public sealed record LocalChainOptions
{
    /// <summary>Accounts that get <see cref="UsdcPerPayer"/> minted; null means <see cref="LocalChain.PayerKeys"/>.</summary>
    public IReadOnlyList<EthAddress>? FundedPayers { get; init; }

    /// <summary>USDC base units minted to each funded payer: 10,000 USDC unless set.</summary>
    public BigInteger UsdcPerPayer { get; init; } = Usdc.Units(10_000m);
}

/// <summary>
/// A fresh anvil node (chain id 31337) with the x402 contracts on it, for verify/settle tests. Account #0
/// deploys, as its very first transaction, the EIP-3009 token ("USD Coin", "USDC", "2"), which so lands
/// at 0x5FbDB2315678afecb367f032d93F642f64180aa3 like in the shared x402 vector, then the settlement
/// batcher (owner #0, submitter #2), and mints USDC to the payers. Roles among the well-known accounts:
/// #0 deployer and payer (the vector's payer), #1 payTo (the vector's payTo; no USDC), #2 facilitator
/// (allowed to call settle; no USDC), #3 … #9 more payers.
/// Use it as an xunit class fixture (IAsyncLifetime) or through <see cref="StartAsync"/>, and dispose it.
/// </summary>
public sealed class LocalChain : IAsyncLifetime, IAsyncDisposable
{
    public const ulong ChainId = AnvilFixture.ChainId;

    /// <summary>Far in the future (2100-01-01), the validBefore of the vector: "valid for ever" in tests.</summary>
    public static readonly BigInteger FarFuture = 4_102_444_800;

    private readonly LocalChainOptions _options;
    private readonly ConcurrentDictionary<EthAddress, EthTransactionSender> _senders = new();
    private AnvilFixture? _anvil;
    private LocalChainDeployment? _deployment;

    /// <summary>The default chain; xunit class fixtures need exactly one public constructor, so options go through <see cref="StartAsync"/>.</summary>
    public LocalChain()
        : this(new LocalChainOptions())
    {
    }

    private LocalChain(LocalChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Starts anvil and deploys; the caller disposes the chain.</summary>
    public static async Task<LocalChain> StartAsync(LocalChainOptions? options = null)
    {
        var chain = new LocalChain(options ?? new LocalChainOptions());
        try
        {
            await chain.InitializeAsync();
            return chain;
        }
        catch
        {
            await chain.DisposeAsync();
            throw;
        }
    }

    // ------------------------------------------------------------------ accounts and roles

    /// <summary>Where the token lands on a fresh chain: the x402 vector's asset.</summary>
    public static EthAddress ExpectedTokenAddress => AnvilAccounts.FirstDeployment;

    public static EthPrivateKey DeployerKey => AnvilAccounts.Key(0);

    public static EthAddress Deployer => AnvilAccounts.Address(0);

    /// <summary>Anvil #0: the payer of the x402 vector, funded with USDC.</summary>
    public static EthPrivateKey PayerKey => AnvilAccounts.Key(0);

    public static EthAddress Payer => AnvilAccounts.Address(0);

    /// <summary>Anvil #1: the payTo of the x402 vector; starts without USDC.</summary>
    public static EthPrivateKey PayToKey => AnvilAccounts.Key(1);

    public static EthAddress PayTo => AnvilAccounts.Address(1);

    /// <summary>Anvil #2: the facilitator, an allowed submitter of the batcher; pays gas, holds no USDC.</summary>
    public static EthPrivateKey FacilitatorKey => AnvilAccounts.Key(2);

    public static EthAddress Facilitator => AnvilAccounts.Address(2);

    /// <summary>The accounts funded with USDC by default: #0 and #3 … #9.</summary>
    public static IReadOnlyList<EthPrivateKey> PayerKeys { get; } =
        [AnvilAccounts.Key(0), .. Enumerable.Range(3, 7).Select(AnvilAccounts.Key)];

    // ------------------------------------------------------------------ the chain

    public AnvilFixture Anvil => _anvil ?? throw NotStarted();

    public EthRpcClient Client => Anvil.Client;

    public Uri RpcUrl => Anvil.Endpoint;

    public LocalChainDeployment Deployment => _deployment ?? throw NotStarted();

    /// <summary>The EIP-3009 token ("USD Coin", "USDC", "2", 6 decimals).</summary>
    public EthAddress Token => Deployment.Token;

    public EthAddress Batcher => Deployment.Batcher;

    /// <summary>The token's EIP-712 domain: what payers sign over.</summary>
    public Eip712Domain TokenDomain => Deployment.TokenDomain;

    public Eip3009TokenClient TokenClient => new(Client, Token);

    public SettlementBatcherClient BatcherClient => new(Client, Batcher);

    /// <summary>USDC minted to each funded payer at start.</summary>
    public BigInteger UsdcPerPayer => _options.UsdcPerPayer;

    public async Task InitializeAsync()
    {
        _anvil = await AnvilFixture.StartAsync();
        var nonce = await Client.GetTransactionCountAsync(Deployer, BlockTag.Pending);
        if (nonce != 0)
            throw new InvalidOperationException($"The node is not fresh: account #0 has nonce {nonce}, so the token would not land at {ExpectedTokenAddress}.");
        var payers = _options.FundedPayers ?? PayerKeys.Select(k => k.Address).ToArray();
        _deployment = await LocalChainSetup.DeployAsync(
            Client,
            DeployerKey,
            payers.Select(p => new TokenMint(p, _options.UsdcPerPayer)).ToArray(),
            new LocalChainSetupOptions { Submitters = [Facilitator] });
        if (_deployment.Token != ExpectedTokenAddress)
            throw new InvalidOperationException($"The token landed at {_deployment.Token}, not at {ExpectedTokenAddress}.");
    }

    public async Task DisposeAsync()
    {
        if (_anvil is { } anvil)
        {
            _anvil = null;
            await anvil.DisposeAsync();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    // ------------------------------------------------------------------ transactions

    /// <summary>A sender for this key on this chain; one per key, so its nonces stay in order.</summary>
    public EthTransactionSender Sender(EthPrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _senders.GetOrAdd(key.Address, _ => new EthTransactionSender(Client, new EthSigner(key), ChainId)
        {
            ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
            ReceiptTimeout = TimeSpan.FromSeconds(60),
        });
    }

    /// <summary>Mints USDC (as the deployer) to an account.</summary>
    public async Task MintAsync(EthAddress to, BigInteger amount)
    {
        var receipt = await TokenClient.MintAsync(Sender(DeployerKey), to, amount);
        if (!receipt.Succeeded)
            throw new TransactionFailedException($"mint({to}, {amount}) reverted.", receipt);
    }

    /// <summary>A fresh random account with 1 ETH for gas and <paramref name="usdc"/> base units of USDC.</summary>
    public async Task<EthPrivateKey> NewPayerAsync(BigInteger usdc)
    {
        var key = await Anvil.NewFundedAccountAsync(BigInteger.Pow(10, 18));
        if (usdc > 0)
            await MintAsync(key.Address, usdc);
        return key;
    }

    public Task<BigInteger> BalanceOfAsync(EthAddress account) => TokenClient.BalanceOfAsync(account);

    public Task<bool> AuthorizationStateAsync(EthAddress authorizer, Bytes32 nonce) => TokenClient.AuthorizationStateAsync(authorizer, nonce);

    /// <summary>Settles through the batcher, submitted by the facilitator (#2) unless another key is given.</summary>
    public Task<TransactionReceipt> SettleAsync(IReadOnlyList<SignedEip3009Authorization> items, EthPrivateKey? submitter = null, TransactionOptions? options = null) =>
        BatcherClient.SettleAsync(Sender(submitter ?? FacilitatorKey), Token, items, options);

    /// <summary>Deploys a TestSmartWallet (ERC-1271) owned by <paramref name="owner"/>; deployed by #0 after the setup, so never at the token's address.</summary>
    public async Task<EthAddress> DeployTestSmartWalletAsync(EthAddress owner)
    {
        var deployed = await new ContractDeployer(Sender(DeployerKey)).DeployAsync(ContractArtifacts.TestSmartWallet, [owner]);
        return deployed.Address;
    }

    // ------------------------------------------------------------------ authorizations

    /// <summary>A random 32-byte EIP-3009 nonce, as x402 clients make them.</summary>
    public static Bytes32 NewNonce() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>An authorization from <paramref name="from"/>; validAfter 0 and validBefore far in the future unless given.</summary>
    public static Eip3009Authorization Authorization(
        EthAddress from,
        EthAddress to,
        BigInteger value,
        BigInteger? validAfter = null,
        BigInteger? validBefore = null,
        Bytes32? nonce = null) =>
        new(from, to, value, validAfter ?? BigInteger.Zero, validBefore ?? FarFuture, nonce ?? NewNonce());

    /// <summary>Signs an authorization over this chain's token domain with <paramref name="signer"/> (normally the payer's key).</summary>
    public SignedEip3009Authorization Sign(Eip3009Authorization authorization, EthPrivateKey signer, Eip3009Kind kind = Eip3009Kind.TransferWithAuthorization) =>
        SignedEip3009Authorization.Sign(authorization, TokenDomain, new EthSigner(signer), kind);

    /// <summary>The payer signs a transfer of <paramref name="value"/> to <paramref name="to"/>; the window defaults to (0, 2100).</summary>
    public SignedEip3009Authorization SignAuthorization(
        EthPrivateKey payer,
        EthAddress to,
        BigInteger value,
        BigInteger? validAfter = null,
        BigInteger? validBefore = null,
        Bytes32? nonce = null)
    {
        ArgumentNullException.ThrowIfNull(payer);
        return Sign(Authorization(payer.Address, to, value, validAfter, validBefore, nonce), payer);
    }

    // ------------------------------------------------------------------ time

    /// <summary>The latest block's timestamp: the clock EIP-3009 checks validAfter/validBefore against.</summary>
    public async Task<ulong> LatestTimestampAsync()
    {
        var block = await Client.GetBlockByNumberAsync(BlockTag.Latest) ?? throw new InvalidOperationException("The node has no latest block.");
        return block.Timestamp;
    }

    /// <summary>Moves the chain's clock forward and mines a block at the new time (evm_increaseTime + evm_mine).</summary>
    public async Task IncreaseTimeAsync(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        await Client.RequestAsync("evm_increaseTime", [JsonValue.Create((long)Math.Ceiling(by.TotalSeconds))]);
        await MineAsync();
    }

    /// <summary>The next block (mined or by a transaction) gets exactly this timestamp (anvil_setNextBlockTimestamp).</summary>
    public async Task SetNextBlockTimestampAsync(ulong timestamp) =>
        await Client.RequestAsync("anvil_setNextBlockTimestamp", [JsonValue.Create(timestamp)]);

    /// <summary>Mines one empty block (evm_mine), at <paramref name="timestamp"/> when given.</summary>
    public async Task MineAsync(ulong? timestamp = null) =>
        await Client.RequestAsync("evm_mine", timestamp is { } t ? [JsonValue.Create(t)] : []);

    private static InvalidOperationException NotStarted() => new("The local chain is not started: await InitializeAsync or use LocalChain.StartAsync.");
}
