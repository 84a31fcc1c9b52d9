using System.Numerics;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.ChainTestSupport;

namespace Waterfall.X402.Tests.Support;

/// <summary>What a refused payment must leave untouched: both token balances, the nonce's state and the facilitator's transaction count.</summary>
public sealed record ChainSnapshot(BigInteger PayerBalance, BigInteger PayToBalance, bool NonceUsed, ulong FacilitatorTransactions)
{
    public static async Task<ChainSnapshot> TakeAsync(LocalChain chain, EthAddress payer, EthAddress payTo, Bytes32 nonce) => new(
        await chain.BalanceOfAsync(payer),
        await chain.BalanceOfAsync(payTo),
        await chain.AuthorizationStateAsync(payer, nonce),
        await chain.Client.GetTransactionCountAsync(LocalChain.Facilitator, BlockTag.Pending));
}
