using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts;

namespace Waterfall.X402.Contracts.Tests.Support;

/// <summary>Assertions that a call is refused on chain: both as a dry run and as a mined transaction.</summary>
public static class ChainAssert
{
    /// <summary>
    /// eth_call reverts with exactly <paramref name="reason"/>, and the same call sent as a transaction
    /// (with a fixed gas limit, so the node cannot refuse it at estimation) is mined with status 0.
    /// </summary>
    public static async Task<TransactionReceipt> RevertsAsync(LocalChain chain, EthPrivateKey sender, EthAddress to, byte[] data, string reason)
    {
        var e = await Assert.ThrowsAsync<EthRpcException>(() =>
            chain.Client.CallAsync(new CallRequest { From = sender.Address, To = to, Data = data }));
        Assert.Equal(reason, e.RevertReason);
        var receipt = await chain.Sender(sender).SendAsync(to, data, new TransactionOptions { GasLimit = 500_000 });
        Assert.False(receipt.Succeeded, $"The transaction was expected to revert with '{reason}' but succeeded.");
        Assert.Empty(receipt.Logs);
        return receipt;
    }

    public static void Succeeded(TransactionReceipt receipt) =>
        Assert.True(receipt.Succeeded, $"Transaction {receipt.TransactionHash} reverted (gas used {receipt.GasUsed}).");
}
