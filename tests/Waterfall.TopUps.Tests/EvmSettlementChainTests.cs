using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Waterfall.Chain.Primitives;
using Waterfall.ChainTestSupport;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;
using Waterfall.X402;
using Waterfall.X402.Contracts;

namespace Waterfall.TopUps.Tests;

/// <summary>The settlement grain's chain port on a real node, with mining under the test's control.</summary>
public sealed class EvmSettlementChainTests(LocalChain chain) : IClassFixture<LocalChain>
{
    private const string NetworkId = "eip155:31337";

    private (EvmSettlementChain Port, SettlementTarget Target) Port()
    {
        var network = X402Network.FromOptions("local", new X402NetworkOptions
        {
            Network = NetworkId, RpcUrl = chain.RpcUrl.ToString(), Asset = chain.Token.ToString(), AssetName = "USD Coin", AssetVersion = "2",
            TopUpPayTo = LocalChain.PayTo.ToString(), SettlementBatcher = chain.Batcher.ToString(),
        });
        var chains = new X402Chains(chain.Anvil.Http, new X402Networks([network]));
        var signer = new FacilitatorSigner(LocalChain.FacilitatorKey);
        return (new EvmSettlementChain(chains, signer, NullLogger<EvmSettlementChain>.Instance), new SettlementTarget(NetworkId, chain.Token.ToString(), LocalChain.PayTo.ToString()));
    }

    private SettlementItem Item(int payer, BigInteger value)
    {
        var signed = chain.SignAuthorization(LocalChain.PayerKeys[payer], LocalChain.PayTo, value);
        var a = signed.Authorization;
        return new SettlementItem
        {
            Nonce = a.Nonce.ToString(), From = a.From.ToString(), To = a.To.ToString(), Value = (long)a.Value,
            ValidAfter = (long)a.ValidAfter, ValidBefore = (long)a.ValidBefore, Signature = signed.SignatureHex, TenantId = "t", WalletId = "w",
        };
    }

    [Fact]
    public async Task A_stuck_batch_is_replaced_at_higher_fees_with_the_same_nonce_and_only_the_replacement_is_mined()
    {
        var (port, target) = Port();
        var items = new[] { Item(1, 1_000), Item(2, 2_000), Item(3, 3_000) };
        var payToBefore = await chain.BalanceOfAsync(LocalChain.PayTo);
        await chain.Client.RequestAsync("evm_setAutomine", [JsonValue.Create(false)]);
        SignedSettlement first, replacement;
        try
        {
            first = await port.SignAsync(target, items, null, CancellationToken.None);
            await port.BroadcastAsync(target, first.RawTransaction, CancellationToken.None);
            await port.BroadcastAsync(target, first.RawTransaction, CancellationToken.None); // sending again is harmless
            Assert.Null(await port.GetReceiptAsync(target, first.Hash, CancellationToken.None));
            Assert.Equal(first.AccountNonce, await port.GetMinedNonceAsync(target, CancellationToken.None));

            replacement = await port.SignAsync(target, items, first, CancellationToken.None);
            await port.BroadcastAsync(target, replacement.RawTransaction, CancellationToken.None);
        }
        finally
        {
            await chain.Client.RequestAsync("evm_setAutomine", [JsonValue.Create(true)]);
        }
        await chain.Client.RequestAsync("evm_mine", []);

        Assert.Equal(first.AccountNonce, replacement.AccountNonce);
        Assert.NotEqual(first.Hash, replacement.Hash);
        Assert.True(Fee(replacement.MaxFeePerGas) >= Fee(first.MaxFeePerGas) * 5 / 4);
        Assert.True(Fee(replacement.MaxPriorityFeePerGas) >= Fee(first.MaxPriorityFeePerGas) * 5 / 4);
        Assert.Null(await port.GetReceiptAsync(target, first.Hash, CancellationToken.None));
        var receipt = await port.GetReceiptAsync(target, replacement.Hash, CancellationToken.None);
        Assert.NotNull(receipt);
        var raw = await chain.Client.GetTransactionReceiptAsync(Bytes32.Parse(replacement.Hash));
        var tx = Waterfall.Chain.Transactions.SignedEip1559Transaction.Decode(replacement.RawTransaction);
        Assert.True(receipt.Succeeded, $"gas used {raw!.GasUsed} of {tx.Transaction.GasLimit}");
        Assert.InRange(receipt.Confirmations, 1, 2); // re-enabling automine may mine the pool before evm_mine adds a block
        Assert.All(items, i => Assert.True(receipt.Outcomes[i.Nonce].Settled));
        Assert.Equal(first.AccountNonce + 1, await port.GetMinedNonceAsync(target, CancellationToken.None));
        Assert.Equal(payToBefore + 6_000, await chain.BalanceOfAsync(LocalChain.PayTo));

        var transfers = await port.GetTransfersToPayeeAsync(target, receipt.BlockNumber, receipt.BlockNumber, CancellationToken.None);
        Assert.Equal(3, transfers.Count);
        Assert.All(transfers, t => Assert.Equal(replacement.Hash, t.TransactionHash, ignoreCase: true));
        Assert.Equal(6_000, transfers.Sum(t => t.Value));
    }

    [Fact]
    public async Task A_batch_with_one_unfunded_payer_settles_the_others_and_reports_why_that_one_failed()
    {
        var (port, target) = Port();
        var broke = Waterfall.Chain.Crypto.EthPrivateKey.Generate();
        var unfunded = chain.SignAuthorization(broke, LocalChain.PayTo, 5_000);
        var a = unfunded.Authorization;
        var items = new[]
        {
            Item(4, 1_000),
            new SettlementItem { Nonce = a.Nonce.ToString(), From = a.From.ToString(), To = a.To.ToString(), Value = 5_000, ValidAfter = 0, ValidBefore = (long)a.ValidBefore, Signature = unfunded.SignatureHex },
        };

        var signed = await port.SignAsync(target, items, null, CancellationToken.None);
        await port.BroadcastAsync(target, signed.RawTransaction, CancellationToken.None);
        var receipt = await WaitForReceipt(port, target, signed.Hash);

        Assert.True(receipt.Succeeded);
        Assert.True(receipt.Outcomes[items[0].Nonce].Settled);
        var failed = receipt.Outcomes[items[1].Nonce];
        Assert.False(failed.Settled);
        Assert.Contains("exceeds balance", failed.Reason);
    }

    private static async Task<SettlementReceipt> WaitForReceipt(EvmSettlementChain port, SettlementTarget target, string hash)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await port.GetReceiptAsync(target, hash, CancellationToken.None) is { } receipt) return receipt;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{hash} was not mined.");
    }

    private static BigInteger Fee(string text) => BigInteger.Parse(text, CultureInfo.InvariantCulture);
}
