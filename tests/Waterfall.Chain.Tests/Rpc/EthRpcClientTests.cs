using System.Net;
using System.Numerics;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.Chain.Tests.Support;
using Waterfall.ChainTestSupport;

namespace Waterfall.Chain.Tests.Rpc;

/// <summary>The client's request shapes and error handling, against a stub; the real node is in AnvilChainTests.</summary>
public class EthRpcClientTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:1/");

    private static EthRpcClient ClientFor(StubRpcHandler handler) => new(new HttpClient(handler), Endpoint);

    [Fact]
    public async Task Requests_are_json_rpc_2_with_hex_quantities_and_block_tags()
    {
        var handler = StubRpcHandler.Returning("\"0x1a\"");
        var client = ClientFor(handler);

        var nonce = await client.GetTransactionCountAsync(AnvilAccounts.Account0, BlockTag.Pending);
        await client.GetBalanceAsync(AnvilAccounts.Account0, BlockTag.Number(1024));

        Assert.Equal(26UL, nonce);
        var first = handler.Requests[0];
        Assert.Equal("2.0", (string?)first["jsonrpc"]);
        Assert.Equal("eth_getTransactionCount", (string?)first["method"]);
        Assert.Equal("""["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","pending"]""", first["params"]!.ToJsonString());
        Assert.Equal("""["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","0x400"]""", handler.Requests[1]["params"]!.ToJsonString());
        Assert.NotEqual((long)first["id"]!, (long)handler.Requests[1]["id"]!);
    }

    [Fact]
    public async Task The_default_block_tag_is_latest()
    {
        var handler = StubRpcHandler.Returning("\"0x\"");

        await ClientFor(handler).GetCodeAsync(AnvilAccounts.Account1);

        Assert.Equal("latest", (string?)handler.Requests[0]["params"]![1]);
    }

    [Fact]
    public async Task A_call_request_leaves_out_unset_fields()
    {
        var handler = StubRpcHandler.Returning("\"0x\"");

        await ClientFor(handler).CallAsync(new CallRequest { To = AnvilAccounts.FirstDeployment, Data = new byte[] { 0x70, 0xa0, 0x82, 0x31 }, Value = 0 });

        Assert.Equal(
            """{"to":"0x5fbdb2315678afecb367f032d93f642f64180aa3","value":"0x0","data":"0x70a08231"}""",
            handler.Requests[0]["params"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task A_json_rpc_error_becomes_a_typed_exception_with_code_message_and_revert_data()
    {
        var handler = StubRpcHandler.Failing("""{"code":3,"message":"execution reverted: boom","data":"0x08c379a000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000004626f6f6d00000000000000000000000000000000000000000000000000000000"}""");

        var e = await Assert.ThrowsAsync<EthRpcException>(() => ClientFor(handler).CallAsync(new CallRequest { To = AnvilAccounts.FirstDeployment }));

        Assert.Equal("eth_call", e.Method);
        Assert.Equal(3, e.Code);
        Assert.Equal("execution reverted: boom", e.RpcMessage);
        Assert.Equal("boom", e.RevertReason);
        Assert.Equal(100, e.RevertData!.Length);
        Assert.Contains("boom", e.Message);
    }

    [Fact]
    public async Task Revert_data_nested_in_an_error_data_object_is_found_too()
    {
        var handler = StubRpcHandler.Failing("""{"code":-32000,"message":"reverted","data":{"data":"0xdeadbeef"}}""");

        var e = await Assert.ThrowsAsync<EthRpcException>(() => ClientFor(handler).EstimateGasAsync(new CallRequest()));

        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef }, e.RevertData);
        Assert.Null(e.RevertReason);
    }

    [Fact]
    public async Task A_json_rpc_error_sent_with_an_http_error_status_is_still_the_typed_exception()
    {
        var handler = StubRpcHandler.Failing("""{"code":-32602,"message":"invalid params"}""", HttpStatusCode.BadRequest);

        var e = await Assert.ThrowsAsync<EthRpcException>(() => ClientFor(handler).GetChainIdAsync());

        Assert.Equal(-32602, e.Code);
        Assert.Null(e.RevertData);
    }

    [Fact]
    public async Task A_non_json_http_error_is_an_http_request_exception()
    {
        var handler = new StubRpcHandler(_ => (HttpStatusCode.BadGateway, "<html>bad gateway</html>"));

        await Assert.ThrowsAsync<HttpRequestException>(() => ClientFor(handler).GetChainIdAsync());
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":999,"result":"0x1"}""")]           // someone else's answer
    [InlineData("""{"jsonrpc":"2.0","id":1}""")]                              // neither result nor error
    [InlineData("""[1,2,3]""")]                                               // not an object
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":"0x01"}""")]              // non-canonical quantity
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":12}""")]                  // a number where hex is due
    [InlineData("""not json""")]
    public async Task Malformed_responses_are_protocol_errors(string body)
    {
        var handler = new StubRpcHandler(_ => (HttpStatusCode.OK, body));

        await Assert.ThrowsAsync<EthRpcProtocolException>(() => ClientFor(handler).GetChainIdAsync());
    }

    [Fact]
    public async Task A_missing_receipt_is_null_rather_than_an_error()
    {
        var receipt = await ClientFor(StubRpcHandler.Returning("null")).GetTransactionReceiptAsync(Bytes32.Zero);

        Assert.Null(receipt);
    }

    [Fact]
    public async Task A_log_filter_sends_positional_topics_with_null_wildcards()
    {
        var handler = StubRpcHandler.Returning("[]");
        var topic = Bytes32.FromUInt256(1);

        var logs = await ClientFor(handler).GetLogsAsync(new LogFilter
        {
            FromBlock = BlockTag.Number(1),
            ToBlock = BlockTag.Latest,
            Addresses = [AnvilAccounts.FirstDeployment],
            Topics = [[topic], null, [topic, Bytes32.Zero]],
        });

        Assert.Empty(logs);
        Assert.Equal(
            $$"""{"fromBlock":"0x1","toBlock":"latest","address":"0x5fbdb2315678afecb367f032d93f642f64180aa3","topics":["{{topic}}",null,["{{topic}}","{{Bytes32.Zero}}"]]}""",
            handler.Requests[0]["params"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        var handler = StubRpcHandler.Returning("\"0x1\"");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClientFor(handler).GetChainIdAsync(cts.Token));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Cancelling_aborts_a_request_the_node_never_answers()
    {
        var handler = new StubRpcHandler(_ => (HttpStatusCode.OK, ""), hang: true);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ClientFor(handler).GetBlockNumberAsync(cts.Token));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Fee_history_parses_base_fees_ratios_and_rewards()
    {
        var handler = StubRpcHandler.Returning("""{"oldestBlock":"0x10","baseFeePerGas":["0x3b9aca00","0x3b9aca01"],"gasUsedRatio":[0.5],"reward":[["0x1","0x2"]]}""");

        var history = await ClientFor(handler).GetFeeHistoryAsync(1, BlockTag.Latest, [25, 75]);

        Assert.Equal(16UL, history.OldestBlock);
        Assert.Equal(new BigInteger(1_000_000_001), history.NextBaseFeePerGas);
        Assert.Equal(0.5, Assert.Single(history.GasUsedRatio));
        Assert.Equal([BigInteger.One, new BigInteger(2)], history.Reward[0]);
        Assert.Equal("""["0x1","latest",[25,75]]""", handler.Requests[0]["params"]!.ToJsonString());
    }
}
