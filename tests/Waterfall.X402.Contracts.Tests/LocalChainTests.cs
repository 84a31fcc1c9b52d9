using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Rpc;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts.Tests.Support;

namespace Waterfall.X402.Contracts.Tests;

/// <summary>The test chain's own helpers: accounts, time control and signing.</summary>
public sealed class LocalChainTests(LocalChain chain) : IClassFixture<LocalChain>
{
    [Fact]
    public async Task The_well_known_keys_derive_the_well_known_addresses_which_anvil_funds()
    {
        for (var i = 0; i < AnvilAccounts.Count; i++)
        {
            Assert.Equal(AnvilAccounts.Address(i), AnvilAccounts.Key(i).Address);
            Assert.True(await chain.Client.GetBalanceAsync(AnvilAccounts.Address(i)) > BigInteger.Pow(10, 21));
        }
        Assert.Equal(chain.RpcUrl, chain.Client.Endpoint);
    }

    [Fact]
    public async Task Increasing_time_moves_the_latest_block_timestamp_forward_by_at_least_that_much()
    {
        var before = await chain.LatestTimestampAsync();

        await chain.IncreaseTimeAsync(TimeSpan.FromMinutes(10));

        Assert.True(await chain.LatestTimestampAsync() >= before + 600);
    }

    [Fact]
    public async Task The_next_block_timestamp_can_be_set_exactly()
    {
        var target = await chain.LatestTimestampAsync() + 1000;

        await chain.SetNextBlockTimestampAsync(target);
        await chain.MineAsync();

        Assert.Equal(target, await chain.LatestTimestampAsync());
        await chain.MineAsync(target + 5);
        Assert.Equal(target + 5, await chain.LatestTimestampAsync());
    }

    [Fact]
    public async Task A_transaction_after_setting_the_next_timestamp_is_mined_at_that_time()
    {
        var target = await chain.LatestTimestampAsync() + 77;
        await chain.SetNextBlockTimestampAsync(target);

        var receipt = await chain.TokenClient.MintAsync(chain.Sender(LocalChain.DeployerKey), EthPrivateKey.Generate().Address, 1);

        ChainAssert.Succeeded(receipt);
        Assert.Equal(target, (await chain.Client.GetBlockByNumberAsync(BlockTag.Number(receipt.BlockNumber)))!.Timestamp);
    }

    [Fact]
    public async Task A_signed_authorization_recovers_to_the_payer_over_the_token_domain()
    {
        var signed = chain.SignAuthorization(LocalChain.PayerKey, LocalChain.PayTo, 10_000);

        var recovered = EcRecover.RecoverAddress(signed.Authorization.Digest(chain.TokenDomain), signed.TryGetEcdsaSignature()!);

        Assert.Equal(LocalChain.Payer, recovered);
        Assert.Equal(LocalChain.FarFuture, signed.Authorization.ValidBefore);
        Assert.Equal(BigInteger.Zero, signed.Authorization.ValidAfter);
        Assert.NotEqual(signed.Authorization.Nonce, chain.SignAuthorization(LocalChain.PayerKey, LocalChain.PayTo, 10_000).Authorization.Nonce);
    }

    [Fact]
    public async Task A_new_payer_holds_the_usdc_and_the_ether_it_was_given()
    {
        var payer = await chain.NewPayerAsync(Usdc.Units(42m));

        Assert.Equal(Usdc.Units(42m), await chain.BalanceOfAsync(payer.Address));
        Assert.Equal(BigInteger.Pow(10, 18), await chain.Client.GetBalanceAsync(payer.Address));
    }
}
