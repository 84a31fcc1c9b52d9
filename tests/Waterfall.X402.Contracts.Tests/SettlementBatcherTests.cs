using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts.Tests.Support;
using Xunit.Abstractions;

namespace Waterfall.X402.Contracts.Tests;

/// <summary>Batch settlement on a shared chain; each test uses fresh payers and a fresh recipient.</summary>
public sealed class SettlementBatcherTests(LocalChain chain, ITestOutputHelper output) : IClassFixture<LocalChain>
{
    private static readonly BigInteger Value = Usdc.Units(0.01m);

    private SettlementBatcherClient Batcher => chain.BatcherClient;

    [Fact]
    public async Task Fifty_authorizations_from_fifty_payers_settle_in_one_transaction()
    {
        var recipient = NewRecipient();
        var payers = await NewPayersAsync(50, Value);
        var items = payers.Select(p => chain.SignAuthorization(p, recipient, Value)).ToArray();

        var receipt = await chain.SettleAsync(items);

        ChainAssert.Succeeded(receipt);
        output.WriteLine($"settle of 50 authorizations: {receipt.GasUsed} gas, {receipt.GasUsed / 50} per item");
        var outcomes = Batcher.OutcomesIn(receipt);
        Assert.Equal(50, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o.Settled, o.Reason));
        Assert.Equal(items.Select(i => (i.Authorization.From, i.Authorization.Nonce, i.Authorization.Value)), outcomes.Select(o => (o.From, o.Nonce, o.Value)));
        Assert.Equal(50, chain.TokenClient.TransfersIn(receipt).Count(t => t.To == recipient));
        Assert.Equal(Value * 50, await chain.BalanceOfAsync(recipient));
        foreach (var item in items)
            Assert.True(await chain.AuthorizationStateAsync(item.Authorization.From, item.Authorization.Nonce));
    }

    [Fact]
    public async Task When_one_of_fifty_payers_moved_the_funds_first_only_that_authorization_fails()
    {
        var recipient = NewRecipient();
        var payers = await NewPayersAsync(50, Value);
        var items = payers.Select(p => chain.SignAuthorization(p, recipient, Value)).ToArray();
        const int mover = 17;
        ChainAssert.Succeeded(await chain.TokenClient.TransferAsync(chain.Sender(payers[mover]), NewRecipient(), Value));

        var simulated = await Batcher.SimulateSettleAsync(LocalChain.Facilitator, chain.Token, items);
        var receipt = await chain.SettleAsync(items);

        ChainAssert.Succeeded(receipt);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i != mover), simulated);
        var outcomes = Batcher.OutcomesIn(receipt);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i != mover), outcomes.Select(o => o.Settled));
        var failed = Assert.Single(outcomes, o => !o.Settled);
        Assert.Equal((payers[mover].Address, items[mover].Authorization.Nonce), (failed.From, failed.Nonce));
        Assert.Equal("ERC20: transfer amount exceeds balance", failed.Reason);
        Assert.Equal(Value * 49, await chain.BalanceOfAsync(recipient));
        Assert.False(await chain.AuthorizationStateAsync(payers[mover].Address, items[mover].Authorization.Nonce));
        Assert.True(await chain.AuthorizationStateAsync(payers[mover + 1].Address, items[mover + 1].Authorization.Nonce));
        var byAuthorization = Batcher.OutcomesByAuthorization(receipt);
        Assert.False(byAuthorization[(payers[mover].Address, items[mover].Authorization.Nonce)].Settled);
        Assert.True(byAuthorization[(payers[0].Address, items[0].Authorization.Nonce)].Settled);
    }

    [Fact]
    public async Task Each_failing_item_of_a_batch_reports_its_own_reason_while_the_others_settle()
    {
        var recipient = NewRecipient();
        var payers = await NewPayersAsync(5, Usdc.Units(1m));
        var now = await chain.LatestTimestampAsync();
        var used = chain.SignAuthorization(payers[2], recipient, Value);
        ChainAssert.Succeeded(await chain.TokenClient.TransferWithAuthorizationAsync(chain.Sender(LocalChain.FacilitatorKey), used));
        SignedEip3009Authorization[] items =
        [
            chain.SignAuthorization(payers[0], recipient, Value),
            chain.SignAuthorization(payers[1], recipient, Value, validBefore: now),
            used,
            chain.Sign(LocalChain.Authorization(payers[3].Address, recipient, Value), EthPrivateKey.Generate()),
            chain.SignAuthorization(payers[4], recipient, Usdc.Units(2m)),
        ];

        var receipt = await chain.SettleAsync(items);

        ChainAssert.Succeeded(receipt);
        Assert.Equal(
            [null, "FiatTokenV2: authorization is expired", "FiatTokenV2: authorization is used or canceled", "FiatTokenV2: invalid signature", "ERC20: transfer amount exceeds balance"],
            Batcher.OutcomesIn(receipt).Select(o => o.Reason));
        Assert.Equal([true, false, false, false, false], Batcher.OutcomesIn(receipt).Select(o => o.Settled));
        Assert.Equal(Value * 2, await chain.BalanceOfAsync(recipient));
    }

    [Fact]
    public async Task The_same_authorization_twice_in_one_batch_settles_once()
    {
        var recipient = NewRecipient();
        var payer = (await NewPayersAsync(1, Usdc.Units(1m)))[0];
        var signed = chain.SignAuthorization(payer, recipient, Value);

        var receipt = await chain.SettleAsync([signed, signed]);

        Assert.Equal([true, false], Batcher.OutcomesIn(receipt).Select(o => o.Settled));
        Assert.True(Assert.Single(Batcher.OutcomesByAuthorization(receipt)).Value.Settled);
        Assert.Equal(Value, await chain.BalanceOfAsync(recipient));
    }

    [Fact]
    public async Task An_account_that_is_neither_owner_nor_submitter_cannot_settle()
    {
        var stranger = await chain.Anvil.NewFundedAccountAsync(BigInteger.Pow(10, 18));
        var payer = (await NewPayersAsync(1, Usdc.Units(1m)))[0];
        var recipient = NewRecipient();
        var items = new[] { chain.SignAuthorization(payer, recipient, Value) };

        await ChainAssert.RevertsAsync(chain, stranger, chain.Batcher, SettlementBatcherClient.EncodeSettle(chain.Token, items), "SettlementBatcher: caller is not a submitter");

        Assert.Equal(BigInteger.Zero, await chain.BalanceOfAsync(recipient));
        Assert.False(await chain.AuthorizationStateAsync(payer.Address, items[0].Authorization.Nonce));
    }

    [Fact]
    public async Task The_owner_allows_and_disallows_submitters_and_nobody_else_can()
    {
        var submitter = await chain.Anvil.NewFundedAccountAsync(BigInteger.Pow(10, 18));
        var owner = chain.Sender(LocalChain.DeployerKey);
        var payers = await NewPayersAsync(2, Usdc.Units(1m));
        var recipient = NewRecipient();

        await ChainAssert.RevertsAsync(chain, submitter, chain.Batcher, SettlementBatcherClient.EncodeSetSubmitter(submitter.Address, true), "SettlementBatcher: caller is not the owner");
        ChainAssert.Succeeded(await Batcher.SetSubmitterAsync(owner, submitter.Address, true));
        Assert.True(await Batcher.IsSubmitterAsync(submitter.Address));
        ChainAssert.Succeeded(await chain.SettleAsync([chain.SignAuthorization(payers[0], recipient, Value)], submitter));
        ChainAssert.Succeeded(await Batcher.SetSubmitterAsync(owner, submitter.Address, false));

        await ChainAssert.RevertsAsync(chain, submitter, chain.Batcher,
            SettlementBatcherClient.EncodeSettle(chain.Token, [chain.SignAuthorization(payers[1], recipient, Value)]), "SettlementBatcher: caller is not a submitter");
        Assert.Equal(Value, await chain.BalanceOfAsync(recipient));
    }

    [Fact]
    public async Task The_owner_may_settle_without_being_a_submitter()
    {
        var payer = (await NewPayersAsync(1, Usdc.Units(1m)))[0];
        var recipient = NewRecipient();

        var receipt = await chain.SettleAsync([chain.SignAuthorization(payer, recipient, Value)], LocalChain.DeployerKey);

        Assert.True(Assert.Single(Batcher.OutcomesIn(receipt)).Settled);
        Assert.Equal(Value, await chain.BalanceOfAsync(recipient));
    }

    [Fact]
    public async Task Settling_against_an_address_without_code_reverts_the_whole_batch_with_a_reason()
    {
        var payer = (await NewPayersAsync(1, Usdc.Units(1m)))[0];
        var items = new[] { chain.SignAuthorization(payer, NewRecipient(), Value) };

        await ChainAssert.RevertsAsync(chain, LocalChain.FacilitatorKey, chain.Batcher, SettlementBatcherClient.EncodeSettle(NewRecipient(), items), "SettlementBatcher: token is not a contract");
    }

    [Fact]
    public async Task A_batch_sent_with_too_little_gas_reverts_as_a_whole_instead_of_failing_good_authorizations()
    {
        var recipient = NewRecipient();
        var payers = await NewPayersAsync(10, Value);
        var items = payers.Select(p => chain.SignAuthorization(p, recipient, Value)).ToArray();

        var starved = await chain.SettleAsync(items, options: new TransactionOptions { GasLimit = 250_000 });

        Assert.False(starved.Succeeded);
        Assert.Equal(BigInteger.Zero, await chain.BalanceOfAsync(recipient));
        foreach (var item in items)
            Assert.False(await chain.AuthorizationStateAsync(item.Authorization.From, item.Authorization.Nonce));
        // With the gas eth_estimateGas finds, every item settles.
        var receipt = await chain.SettleAsync(items);
        Assert.All(Batcher.OutcomesIn(receipt), o => Assert.True(o.Settled, o.Reason));
        Assert.Equal(Value * 10, await chain.BalanceOfAsync(recipient));
    }

    [Fact]
    public async Task A_batch_sent_with_exactly_the_estimated_gas_settles_every_item()
    {
        var recipient = NewRecipient();
        var payers = await NewPayersAsync(20, Value);
        var items = payers.Select(p => chain.SignAuthorization(p, recipient, Value)).ToArray();
        var estimate = await chain.Client.EstimateGasAsync(new CallRequest
        {
            From = LocalChain.Facilitator, To = chain.Batcher, Data = SettlementBatcherClient.EncodeSettle(chain.Token, items),
        });

        var receipt = await chain.SettleAsync(items, options: new TransactionOptions { GasLimit = estimate });

        ChainAssert.Succeeded(receipt);
        Assert.All(Batcher.OutcomesIn(receipt), o => Assert.True(o.Settled, o.Reason));
        Assert.Equal(Value * 20, await chain.BalanceOfAsync(recipient));
    }

    [Fact]
    public async Task At_no_gas_limit_does_a_batch_succeed_while_reporting_a_good_authorization_as_failed()
    {
        var recipient = NewRecipient();
        var payers = await NewPayersAsync(3, Value);
        var items = payers.Select(p => chain.SignAuthorization(p, recipient, Value)).ToArray();
        var data = SettlementBatcherClient.EncodeSettle(chain.Token, items);
        var estimate = await chain.Client.EstimateGasAsync(new CallRequest { From = LocalChain.Facilitator, To = chain.Batcher, Data = data });

        // Walk the gas limit down from the estimate: each dry run either reverts or settles all three.
        var succeeded = 0;
        for (var gas = estimate; gas > estimate / 3; gas -= 500)
        {
            IReadOnlyList<bool> outcomes;
            try
            {
                outcomes = SettlementBatcherClient.DecodeSettleResult(
                    await chain.Client.CallAsync(new CallRequest { From = LocalChain.Facilitator, To = chain.Batcher, Data = data, Gas = gas }));
            }
            catch (EthRpcException)
            {
                continue;
            }
            succeeded++;
            Assert.True(outcomes.All(o => o), $"With {gas} gas the batch succeeded but reported [{string.Join(", ", outcomes)}].");
        }
        Assert.True(succeeded > 0);
    }

    [Fact]
    public async Task An_empty_batch_settles_nothing_and_emits_nothing()
    {
        var receipt = await chain.SettleAsync([]);

        ChainAssert.Succeeded(receipt);
        Assert.Empty(Batcher.OutcomesIn(receipt));
    }

    private async Task<EthPrivateKey[]> NewPayersAsync(int count, BigInteger usdcEach)
    {
        // The payers only sign; minting to all of them is submitted at once and then awaited.
        var keys = Enumerable.Range(0, count).Select(_ => EthPrivateKey.Generate()).ToArray();
        var deployer = chain.Sender(LocalChain.DeployerKey);
        var hashes = new List<Bytes32>();
        foreach (var key in keys)
            hashes.Add((await deployer.SubmitAsync(chain.Token, Eip3009TokenClient.EncodeMint(key.Address, usdcEach))).Hash);
        foreach (var hash in hashes)
            ChainAssert.Succeeded(await deployer.WaitForReceiptAsync(hash));
        foreach (var key in keys)
            await chain.Client.RequestAsync("anvil_setBalance", [key.Address.ToLowerHex(), Hex.EncodeQuantity(BigInteger.Pow(10, 18))]);
        return keys;
    }

    private static EthAddress NewRecipient() => EthPrivateKey.Generate().Address;
}
