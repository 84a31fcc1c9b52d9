using System.Numerics;
using Waterfall.Chain.Abi;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.Chain.TypedData;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts.Tests.Support;
using Xunit.Abstractions;

namespace Waterfall.X402.Contracts.Tests;

/// <summary>
/// The shared x402 vector against our token: each test starts its own fresh chain, because the vector's
/// authorization (anvil #0 → #1, nonce 0xd8e1…) can be used once per chain and the token must be the
/// first contract #0 deploys.
/// </summary>
public sealed class VectorSettlementTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_token_lands_at_the_vector_asset_address_with_the_vector_domain_separator()
    {
        await using var chain = await LocalChain.StartAsync();
        var token = chain.TokenClient;

        Assert.Equal(ExactVector.Asset, chain.Token);
        Assert.Equal(LocalChain.ExpectedTokenAddress, chain.Token);
        Assert.Equal(ExactVector.DomainSeparator, await token.DomainSeparatorAsync());
        Assert.Equal(ExactVector.DomainSeparator, chain.TokenDomain.Separator());
        Assert.Equal(ExactVector.DomainSeparator, (await token.Eip712DomainAsync()).Separator());
    }

    [Fact]
    public async Task The_domain_separator_follows_the_chain_id_when_the_chain_id_changes()
    {
        await using var chain = await LocalChain.StartAsync();

        await chain.Client.RequestAsync("anvil_setChainId", [System.Text.Json.Nodes.JsonValue.Create(8453)]);

        Assert.Equal(new Eip712Domain("USD Coin", "2", 8453, chain.Token).Separator(), await chain.TokenClient.DomainSeparatorAsync());
        Assert.NotEqual(ExactVector.DomainSeparator, await chain.TokenClient.DomainSeparatorAsync());
    }

    [Fact]
    public async Task The_token_reports_usd_coin_usdc_version_2_and_6_decimals_and_the_eip3009_type_hashes()
    {
        await using var chain = await LocalChain.StartAsync();
        var token = chain.TokenClient;

        Assert.Equal("USD Coin", await token.NameAsync());
        Assert.Equal("USDC", await token.SymbolAsync());
        Assert.Equal("2", await token.VersionAsync());
        Assert.Equal(6, await token.DecimalsAsync());
        Assert.Equal(Eip3009Authorization.TypeHash(Eip3009Kind.TransferWithAuthorization), await ReadBytes32Async(chain, "TRANSFER_WITH_AUTHORIZATION_TYPEHASH"));
        Assert.Equal(Eip3009Authorization.TypeHash(Eip3009Kind.ReceiveWithAuthorization), await ReadBytes32Async(chain, "RECEIVE_WITH_AUTHORIZATION_TYPEHASH"));
        Assert.Equal(Eip3009TokenClient.CancelAuthorizationTypeHash, await ReadBytes32Async(chain, "CANCEL_AUTHORIZATION_TYPEHASH"));
    }

    [Fact]
    public async Task The_setup_funds_the_payers_with_usdc_and_allows_the_facilitator_to_settle()
    {
        await using var chain = await LocalChain.StartAsync();

        foreach (var payer in LocalChain.PayerKeys)
            Assert.Equal(chain.UsdcPerPayer, await chain.BalanceOfAsync(payer.Address));
        Assert.Equal(BigInteger.Zero, await chain.BalanceOfAsync(LocalChain.PayTo));
        Assert.Equal(BigInteger.Zero, await chain.BalanceOfAsync(LocalChain.Facilitator));
        Assert.Equal(chain.UsdcPerPayer * LocalChain.PayerKeys.Count, await chain.TokenClient.TotalSupplyAsync());
        Assert.Equal(EthAddress.Parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"), chain.Batcher);
        Assert.Equal(LocalChain.Deployer, await chain.BatcherClient.OwnerAsync());
        Assert.True(await chain.BatcherClient.IsSubmitterAsync(LocalChain.Facilitator));
        Assert.False(await chain.BatcherClient.IsSubmitterAsync(LocalChain.PayTo));
        Assert.Equal(LocalChain.ChainId, await chain.Client.GetChainIdAsync());
    }

    [Fact]
    public async Task The_vector_authorization_settles_through_the_v_r_s_overload_exactly_once()
    {
        await using var chain = await LocalChain.StartAsync();

        await SettlesExactlyOnceAsync(chain, ExactVector.VrsCalldata);
    }

    [Fact]
    public async Task The_vector_authorization_settles_through_the_bytes_signature_overload_exactly_once()
    {
        await using var chain = await LocalChain.StartAsync();

        await SettlesExactlyOnceAsync(chain, Eip3009TokenClient.EncodeTransferWithAuthorization(ExactVector.Signed));
    }

    [Fact]
    public async Task The_vector_authorization_settles_through_the_batcher()
    {
        await using var chain = await LocalChain.StartAsync();
        var vector = ExactVector.Authorization;
        var payToBefore = await chain.BalanceOfAsync(vector.To);

        var receipt = await chain.SettleAsync([ExactVector.Signed]);

        ChainAssert.Succeeded(receipt);
        var outcome = Assert.Single(chain.BatcherClient.OutcomesIn(receipt));
        Assert.True(outcome.Settled);
        Assert.Equal((chain.Token, vector.From, vector.Nonce, vector.Value), (outcome.Token, outcome.From, outcome.Nonce, outcome.Value));
        Assert.Equal(payToBefore + vector.Value, await chain.BalanceOfAsync(vector.To));
        Assert.True(await chain.AuthorizationStateAsync(vector.From, vector.Nonce));
    }

    private async Task SettlesExactlyOnceAsync(LocalChain chain, byte[] calldata)
    {
        var vector = ExactVector.Authorization;
        var token = chain.TokenClient;
        var payerBefore = await chain.BalanceOfAsync(vector.From);
        var payToBefore = await chain.BalanceOfAsync(vector.To);
        Assert.False(await chain.AuthorizationStateAsync(vector.From, vector.Nonce));

        // The facilitator (#2) submits it and pays the gas; the payer never sends a transaction.
        var receipt = await chain.Sender(LocalChain.FacilitatorKey).SendAsync(chain.Token, calldata);

        ChainAssert.Succeeded(receipt);
        output.WriteLine($"transferWithAuthorization: {receipt.GasUsed} gas");
        var transfer = Assert.Single(token.TransfersIn(receipt));
        Assert.Equal((chain.Token, vector.From, vector.To, vector.Value), (transfer.Token, transfer.From, transfer.To, transfer.Value));
        var used = Assert.Single(token.AuthorizationEventsIn(receipt));
        Assert.Equal((vector.From, vector.Nonce, false), (used.Authorizer, used.Nonce, used.Canceled));
        Assert.Equal(payerBefore - vector.Value, await chain.BalanceOfAsync(vector.From));
        Assert.Equal(payToBefore + vector.Value, await chain.BalanceOfAsync(vector.To));
        Assert.True(await chain.AuthorizationStateAsync(vector.From, vector.Nonce));

        // The same authorization again, through either overload, is a replay.
        await ChainAssert.RevertsAsync(chain, LocalChain.FacilitatorKey, chain.Token, ExactVector.VrsCalldata, "FiatTokenV2: authorization is used or canceled");
        await ChainAssert.RevertsAsync(chain, LocalChain.FacilitatorKey, chain.Token, Eip3009TokenClient.EncodeTransferWithAuthorization(ExactVector.Signed), "FiatTokenV2: authorization is used or canceled");
        Assert.Equal(payerBefore - vector.Value, await chain.BalanceOfAsync(vector.From));
        Assert.Equal(payToBefore + vector.Value, await chain.BalanceOfAsync(vector.To));
    }

    private static async Task<Bytes32> ReadBytes32Async(LocalChain chain, string constant)
    {
        var function = ContractArtifacts.Eip3009Token.Function(constant);
        var result = await chain.Client.CallAsync(new CallRequest { To = chain.Token, Data = function.EncodeCall() });
        return (Bytes32)AbiDecoder.DecodeSingle(function.Outputs[0].Type, result)!;
    }
}
