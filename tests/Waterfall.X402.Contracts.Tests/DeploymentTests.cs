using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts.Tests.Support;

namespace Waterfall.X402.Contracts.Tests;

/// <summary>The deployer, the transaction sender and the product's chain setup, on plain fresh anvil nodes.</summary>
public sealed class DeploymentTests
{
    [Fact]
    public async Task Local_chain_setup_from_an_rpc_url_deploys_the_token_and_batcher_and_mints_to_the_given_accounts()
    {
        await using var anvil = await AnvilFixture.StartAsync();
        var facilitator = AnvilAccounts.Address(2);
        var newOwner = AnvilAccounts.Address(5);
        TokenMint[] mints = [new(AnvilAccounts.Address(3), Usdc.Units(100m)), new(AnvilAccounts.Address(4), Usdc.Units(0.5m))];

        var deployment = await LocalChainSetup.DeployAsync(
            anvil.Endpoint, AnvilAccounts.Account0Key, mints, new LocalChainSetupOptions { Submitters = [facilitator], BatcherOwner = newOwner });

        Assert.Equal(AnvilAccounts.FirstDeployment, deployment.Token);
        Assert.Equal(CreateAddress.Compute(AnvilAccounts.Account0, 1), deployment.Batcher);
        Assert.Equal((31337UL, AnvilAccounts.Account0), (deployment.ChainId, deployment.Deployer));
        Assert.Equal(2 + 1 + 2 + 1, deployment.TransactionHashes.Count);
        var token = new Eip3009TokenClient(anvil.Client, deployment.Token);
        Assert.Equal(Usdc.Units(100m), await token.BalanceOfAsync(AnvilAccounts.Address(3)));
        Assert.Equal(Usdc.Units(0.5m), await token.BalanceOfAsync(AnvilAccounts.Address(4)));
        Assert.Equal(await token.DomainSeparatorAsync(), deployment.TokenDomain.Separator());
        var batcher = new SettlementBatcherClient(anvil.Client, deployment.Batcher);
        Assert.True(await batcher.IsSubmitterAsync(facilitator));
        Assert.Equal(newOwner, await batcher.OwnerAsync());
    }

    [Fact]
    public async Task Local_chain_setup_takes_another_token_name_symbol_and_version()
    {
        await using var anvil = await AnvilFixture.StartAsync();

        var deployment = await LocalChainSetup.DeployAsync(
            anvil.Client, AnvilAccounts.Key(4), options: new LocalChainSetupOptions { TokenName = "USDC", TokenSymbol = "USDC", TokenVersion = "2" });

        var token = new Eip3009TokenClient(anvil.Client, deployment.Token);
        Assert.Equal("USDC", await token.NameAsync());
        Assert.Equal(CreateAddress.Compute(AnvilAccounts.Address(4), 0), deployment.Token);
        Assert.Equal(await token.DomainSeparatorAsync(), (await token.Eip712DomainAsync()).Separator());
        Assert.Equal(AnvilAccounts.Address(4), await new SettlementBatcherClient(anvil.Client, deployment.Batcher).OwnerAsync());
    }

    [Fact]
    public async Task The_deployer_returns_the_computed_create_address_and_the_runtime_code_is_the_artifacts()
    {
        await using var anvil = await AnvilFixture.StartAsync();
        var deployer = await ContractDeployer.CreateAsync(anvil.Client, new EthSigner(AnvilAccounts.Key(6)));

        var deployed = await deployer.DeployAsync(ContractArtifacts.SettlementBatcher, AnvilAccounts.Address(6));

        Assert.Equal(CreateAddress.Compute(AnvilAccounts.Address(6), 0), deployed.Address);
        Assert.Equal(deployed.Address, deployed.Receipt.ContractAddress);
        Assert.Equal("SettlementBatcher", deployed.Name);
        // The batcher has no immutables, so what is on chain is exactly the compiled runtime code.
        Assert.Equal(Hex.Encode(ContractArtifacts.SettlementBatcher.DeployedBytecode.Span), Hex.Encode(await anvil.Client.GetCodeAsync(deployed.Address)));
    }

    [Fact]
    public async Task A_constructor_that_reverts_is_a_transaction_failed_exception()
    {
        await using var anvil = await AnvilFixture.StartAsync();
        var deployer = await ContractDeployer.CreateAsync(anvil.Client, new EthSigner(AnvilAccounts.Key(0)));

        var e = await Assert.ThrowsAsync<TransactionFailedException>(() =>
            deployer.DeployAsync(ContractArtifacts.SettlementBatcher, [EthAddress.Zero], new TransactionOptions { GasLimit = 1_000_000 }));

        Assert.False(e.Receipt!.Succeeded);
    }

    [Fact]
    public async Task A_constructor_that_reverts_is_refused_at_estimation_with_its_reason()
    {
        await using var anvil = await AnvilFixture.StartAsync();
        var deployer = await ContractDeployer.CreateAsync(anvil.Client, new EthSigner(AnvilAccounts.Key(0)));

        var e = await Assert.ThrowsAsync<EthRpcException>(() => deployer.DeployAsync(ContractArtifacts.SettlementBatcher, EthAddress.Zero));

        Assert.Equal("SettlementBatcher: owner is the zero address", e.RevertReason);
    }

    [Fact]
    public async Task Concurrent_sends_from_one_sender_use_consecutive_nonces_and_all_succeed()
    {
        await using var chain = await LocalChain.StartAsync();
        var sender = chain.Sender(LocalChain.DeployerKey);
        var nonceBefore = await chain.Client.GetTransactionCountAsync(LocalChain.Deployer, BlockTag.Pending);
        var recipients = Enumerable.Range(0, 10).Select(_ => EthPrivateKey.Generate().Address).ToArray();

        var receipts = await Task.WhenAll(recipients.Select(r => chain.TokenClient.MintAsync(sender, r, 5)));

        Assert.All(receipts, ChainAssert.Succeeded);
        Assert.Equal(nonceBefore + 10, await chain.Client.GetTransactionCountAsync(LocalChain.Deployer, BlockTag.Pending));
        foreach (var recipient in recipients)
            Assert.Equal(new BigInteger(5), await chain.BalanceOfAsync(recipient));
    }

    [Fact]
    public async Task Fee_estimates_cover_twice_the_next_base_fee_plus_the_priority_fee()
    {
        await using var anvil = await AnvilFixture.StartAsync();
        var sender = await EthTransactionSender.CreateAsync(anvil.Client, new EthSigner(AnvilAccounts.Key(0)));
        var block = await anvil.Client.GetBlockByNumberAsync(BlockTag.Latest);

        var fees = await sender.EstimateFeesAsync();

        Assert.True(fees.MaxPriorityFeePerGas > 0);
        Assert.True(fees.MaxFeePerGas >= fees.MaxPriorityFeePerGas + block!.BaseFeePerGas!.Value);
        Assert.Equal(31337UL, sender.ChainId);
    }
}
