using System.Numerics;
using Waterfall.Chain.Abi;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.Chain.Tests.Support;
using Waterfall.Chain.Tests.Transactions;
using Waterfall.Chain.Transactions;
using Waterfall.ChainTestSupport;

namespace Waterfall.Chain.Tests.Rpc;

/// <summary>The library against a real node (anvil). Tests share the node, so none assumes a fresh chain.</summary>
[Collection(AnvilCollection.Name)]
public sealed class AnvilChainTests(AnvilFixture anvil) : IDisposable
{
    private static readonly BigInteger OneEther = BigInteger.Pow(10, 18);

    // xunit makes an instance per test, so this bounds each test's chain calls.
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Timeout => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    private EthRpcClient Client => anvil.Client;

    private async Task<SignedEip1559Transaction> SignAsync(EthPrivateKey key, EthAddress? to, BigInteger value, byte[]? data = null, ulong gasLimit = 21_000)
    {
        var nonce = await Client.GetTransactionCountAsync(key.Address, BlockTag.Pending, Timeout);
        var block = await Client.GetBlockByNumberAsync(BlockTag.Latest, Timeout);
        var priorityFee = new BigInteger(1_000_000_000);
        return new Eip1559Transaction
        {
            ChainId = AnvilFixture.ChainId,
            Nonce = nonce,
            MaxPriorityFeePerGas = priorityFee,
            MaxFeePerGas = block!.BaseFeePerGas!.Value * 2 + priorityFee,
            GasLimit = gasLimit,
            To = to,
            Value = value,
            Data = data ?? [],
        }.Sign(new EthSigner(key));
    }

    private async Task<TransactionReceipt> SendAndWaitAsync(SignedEip1559Transaction transaction)
    {
        var hash = await Client.SendTransactionAsync(transaction, Timeout);
        return await Client.WaitForReceiptAsync(hash, TimeSpan.FromMilliseconds(50), Timeout);
    }

    private async Task<EthAddress> DeployAsync(byte[] runtime)
    {
        var deployer = await anvil.NewFundedAccountAsync(OneEther, Timeout);
        var receipt = await SendAndWaitAsync(await SignAsync(deployer, to: null, 0, TestContracts.Deployment(runtime), gasLimit: 200_000));
        Assert.True(receipt.Succeeded);
        return receipt.ContractAddress ?? throw new InvalidOperationException("No contract address in the deployment receipt.");
    }

    [Fact]
    public async Task The_chain_id_is_31337() =>
        Assert.Equal(31337UL, await Client.GetChainIdAsync(Timeout));

    [Fact]
    public async Task The_well_known_account_0_is_funded_and_a_fresh_address_has_nonce_zero_and_no_balance()
    {
        var fresh = EthPrivateKey.Generate().Address;

        Assert.True(await Client.GetBalanceAsync(AnvilAccounts.Account0, BlockTag.Latest, Timeout) > OneEther);
        Assert.Equal(0UL, await Client.GetTransactionCountAsync(fresh, BlockTag.Pending, Timeout));
        Assert.Equal(BigInteger.Zero, await Client.GetBalanceAsync(fresh, BlockTag.Latest, Timeout));
    }

    [Fact]
    public async Task An_eip1559_transfer_from_account_0_to_account_1_moves_exactly_the_value_and_bumps_the_nonce()
    {
        var value = new BigInteger(123_456_789_000_000_000);
        var nonceBefore = await Client.GetTransactionCountAsync(AnvilAccounts.Account0, BlockTag.Pending, Timeout);
        var senderBefore = await Client.GetBalanceAsync(AnvilAccounts.Account0, BlockTag.Latest, Timeout);
        var recipientBefore = await Client.GetBalanceAsync(AnvilAccounts.Account1, BlockTag.Latest, Timeout);
        var transaction = await SignAsync(AnvilAccounts.Account0Key, AnvilAccounts.Account1, value);

        var receipt = await SendAndWaitAsync(transaction);

        Assert.True(receipt.Succeeded);
        Assert.Equal(1UL, receipt.Status);
        Assert.Equal(transaction.Hash, receipt.TransactionHash);
        Assert.Equal(AnvilAccounts.Account0, receipt.From);
        Assert.Equal(AnvilAccounts.Account1, receipt.To);
        Assert.Equal(21_000UL, receipt.GasUsed);
        Assert.True(receipt.EffectiveGasPrice > 0);
        Assert.Equal(recipientBefore + value, await Client.GetBalanceAsync(AnvilAccounts.Account1, BlockTag.Latest, Timeout));
        Assert.Equal(senderBefore - value - receipt.GasCost, await Client.GetBalanceAsync(AnvilAccounts.Account0, BlockTag.Latest, Timeout));
        Assert.Equal(nonceBefore + 1, await Client.GetTransactionCountAsync(AnvilAccounts.Account0, BlockTag.Latest, Timeout));
    }

    [Fact]
    public async Task A_fresh_node_accepts_the_known_transaction_vector_and_reports_the_same_hash()
    {
        await using var fresh = await AnvilFixture.StartAsync();

        var hash = await fresh.Client.SendRawTransactionAsync(Hex.Decode(Eip1559TransactionTests.KnownVectorRaw), Timeout);
        var receipt = await fresh.Client.WaitForReceiptAsync(hash, TimeSpan.FromMilliseconds(50), Timeout);

        Assert.Equal(Eip1559TransactionTests.KnownVectorHash, hash.ToString());
        Assert.True(receipt.Succeeded);
        Assert.Equal(AnvilAccounts.Account0, receipt.From);
    }

    [Fact]
    public async Task A_reused_nonce_becomes_an_eth_rpc_exception_with_the_nodes_code_and_message()
    {
        var sender = await anvil.NewFundedAccountAsync(OneEther, Timeout);
        Assert.True((await SendAndWaitAsync(await SignAsync(sender, AnvilAccounts.Account1, 1))).Succeeded);
        var stale = new Eip1559Transaction
        {
            ChainId = AnvilFixture.ChainId, Nonce = 0, MaxPriorityFeePerGas = 1_000_000_000, MaxFeePerGas = 10_000_000_000,
            GasLimit = 21_000, To = AnvilAccounts.Account1, Value = 2,
        }.Sign(new EthSigner(sender));

        var e = await Assert.ThrowsAsync<EthRpcException>(() => Client.SendTransactionAsync(stale, Timeout));

        Assert.Equal("eth_sendRawTransaction", e.Method);
        Assert.Equal(-32003, e.Code);
        Assert.Contains("nonce too low", e.RpcMessage);
    }

    [Fact]
    public async Task A_transaction_for_another_chain_is_rejected_by_the_node()
    {
        var sender = await anvil.NewFundedAccountAsync(OneEther, Timeout);
        var wrongChain = new Eip1559Transaction
        {
            ChainId = 8453, Nonce = 0, MaxPriorityFeePerGas = 1_000_000_000, MaxFeePerGas = 10_000_000_000,
            GasLimit = 21_000, To = AnvilAccounts.Account1, Value = 1,
        }.Sign(new EthSigner(sender));

        var e = await Assert.ThrowsAsync<EthRpcException>(() => Client.SendTransactionAsync(wrongChain, Timeout));

        Assert.NotEqual(0, e.Code);
        Assert.Equal(0UL, await Client.GetTransactionCountAsync(sender.Address, BlockTag.Pending, Timeout));
    }

    [Fact]
    public async Task Calling_an_address_without_code_returns_empty_data_and_an_eoa_has_no_code()
    {
        var nowhere = EthPrivateKey.Generate().Address;

        var result = await Client.CallAsync(new CallRequest { To = nowhere, Data = AbiFunction.Parse("balanceOf(address)").EncodeCall(AnvilAccounts.Account0) }, BlockTag.Latest, Timeout);

        Assert.Empty(result);
        Assert.Empty(await Client.GetCodeAsync(AnvilAccounts.Account1, BlockTag.Latest, Timeout));
        Assert.Empty(await Client.GetCodeAsync(nowhere, BlockTag.Latest, Timeout));
    }

    [Fact]
    public async Task A_deployed_contract_has_its_runtime_code_and_eth_call_returns_its_output()
    {
        var echo = await DeployAsync(TestContracts.EchoLoggerRuntime);
        var input = AbiEncoder.Encode(["bytes"], [new byte[] { 1, 2, 3 }]);

        var code = await Client.GetCodeAsync(echo, BlockTag.Latest, Timeout);
        var output = await Client.CallAsync(new CallRequest { To = echo, Data = input }, BlockTag.Latest, Timeout);

        Assert.Equal(TestContracts.EchoLoggerRuntime, code);
        Assert.Equal(input, output);
        Assert.Equal(new byte[] { 1, 2, 3 }, (byte[])AbiDecoder.Decode(["bytes"], output)[0]!);
    }

    [Fact]
    public async Task Logs_appear_in_the_receipt_and_in_eth_get_logs_and_decode_with_the_event_abi()
    {
        var echo = await DeployAsync(TestContracts.EchoLoggerRuntime);
        var sender = await anvil.NewFundedAccountAsync(OneEther, Timeout);
        var echoEvent = AbiEvent.Parse("Echo(bytes data)");
        var payload = "x402 settled"u8.ToArray();

        var receipt = await SendAndWaitAsync(await SignAsync(sender, echo, 0, AbiEncoder.Encode(["bytes"], [payload]), gasLimit: 100_000));
        var logs = await Client.GetLogsAsync(new LogFilter
        {
            FromBlock = BlockTag.Number(receipt.BlockNumber),
            ToBlock = BlockTag.Number(receipt.BlockNumber),
            Addresses = [echo],
            Topics = [[echoEvent.Topic0]],
        }, Timeout);

        var fromReceipt = Assert.Single(receipt.Logs);
        var fromFilter = Assert.Single(logs);
        Assert.Equal(echo, fromReceipt.Address);
        Assert.Equal(TestContracts.EchoTopic, echoEvent.Topic0);
        Assert.Equal(receipt.TransactionHash, fromFilter.TransactionHash);
        Assert.Equal(fromReceipt.Data, fromFilter.Data);
        Assert.Equal(payload, (byte[])echoEvent.Decode(fromFilter.Topics, fromFilter.Data)["data"]!);
    }

    [Fact]
    public async Task A_revert_in_eth_call_and_estimate_gas_carries_the_revert_reason()
    {
        var reverter = await DeployAsync(TestContracts.ReverterRuntime);
        var revertPayload = AbiFunction.Parse("Error(string)").EncodeCall("FiatTokenV2: invalid signature");
        var call = new CallRequest { From = AnvilAccounts.Account1, To = reverter, Data = revertPayload };

        var onCall = await Assert.ThrowsAsync<EthRpcException>(() => Client.CallAsync(call, BlockTag.Latest, Timeout));
        var onEstimate = await Assert.ThrowsAsync<EthRpcException>(() => Client.EstimateGasAsync(call, cancellationToken: Timeout));

        Assert.Equal(revertPayload, onCall.RevertData);
        Assert.Equal("FiatTokenV2: invalid signature", onCall.RevertReason);
        Assert.Equal(3, onCall.Code);
        Assert.Equal("FiatTokenV2: invalid signature", onEstimate.RevertReason);
    }

    [Fact]
    public async Task Gas_and_fee_queries_return_usable_values()
    {
        var estimate = await Client.EstimateGasAsync(new CallRequest { From = AnvilAccounts.Account0, To = AnvilAccounts.Account1, Value = 1 }, cancellationToken: Timeout);
        var gasPrice = await Client.GetGasPriceAsync(Timeout);
        var history = await Client.GetFeeHistoryAsync(1, BlockTag.Latest, [50], Timeout);
        var latest = await Client.GetBlockByNumberAsync(BlockTag.Latest, Timeout);

        Assert.Equal(21_000UL, estimate);
        Assert.True(gasPrice > 0);
        Assert.Equal(2, history.BaseFeePerGas.Count);
        Assert.Single(history.Reward);
        Assert.Equal(latest!.Number, history.OldestBlock);
        Assert.Equal(latest.BaseFeePerGas, history.BaseFeePerGas[0]);
    }

    [Fact]
    public async Task Block_number_and_block_timestamp_describe_the_latest_block()
    {
        var number = await Client.GetBlockNumberAsync(Timeout);
        var block = await Client.GetBlockByNumberAsync(BlockTag.Number(number), Timeout);
        var genesis = await Client.GetBlockByNumberAsync(BlockTag.Earliest, Timeout);

        Assert.Equal(number, block!.Number);
        Assert.True(block.Time > DateTimeOffset.UnixEpoch.AddYears(50), $"timestamp {block.Timestamp}");
        Assert.Equal(0UL, genesis!.Number);
        Assert.Null(await Client.GetBlockByNumberAsync(BlockTag.Number(number + 1000), Timeout));
    }

    [Fact]
    public async Task The_receipt_of_an_unknown_transaction_is_null() =>
        Assert.Null(await Client.GetTransactionReceiptAsync(Keccak256.HashUtf8("no such transaction"), Timeout));

    [Fact]
    public async Task An_unknown_method_is_a_json_rpc_error_not_a_crash()
    {
        var e = await Assert.ThrowsAsync<EthRpcException>(() => Client.RequestAsync("eth_noSuchMethod", [], Timeout));

        Assert.Equal("eth_noSuchMethod", e.Method);
        Assert.Equal(-32601, e.Code);
    }
}
