using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Waterfall.Api.V1;
using Waterfall.Chain.Crypto;
using Waterfall.ChainTestSupport;
using Waterfall.X402;
using Waterfall.X402.Contracts;

namespace Waterfall.TopUps.Tests;

/// <summary>
/// Reconciliation on the public API (FinanceService.Reconcile and GET /v1/finance/reconciliation), on the real
/// chain: a settled top-up is matched, a reversed one is listed as reversed, and a transfer to the treasury
/// that no top-up paid for is listed as on-chain only.
/// </summary>
[Collection("topups")]
public sealed class FinanceReconciliationTests(TopUpSilo silo)
{
    private async Task<TopUpResponse> PayAsync(string walletId, long nanos, EthPrivateKey payer, TimeSpan wait)
    {
        var requirements = await silo.TopUps.GetTopUpRequirementsAsync(
            new GetTopUpRequirementsRequest { WalletId = walletId, Amount = new Amount { Value = nanos, Unit = "usd" } }, TopUpSilo.Auth);
        var required = X402Headers.DecodePaymentRequired(requirements.PaymentRequired);
        var signature = X402Headers.EncodePaymentSignature(ExactEvmPayer.CreatePaymentPayload(required.Accepts[0], payer, required.Resource));
        return await silo.TopUps.TopUpAsync(new TopUpRequest
        {
            WalletId = walletId, Amount = new Amount { Value = nanos, Unit = "usd" }, PaymentSignature = signature, Wait = Duration.FromTimeSpan(wait),
        }, TopUpSilo.Auth);
    }

    [Fact]
    public async Task A_settled_top_up_a_reversed_one_and_a_transfer_nobody_paid_for_are_each_reported_over_the_public_api()
    {
        var firstBlock = (long)await silo.Chain.Client.GetBlockNumberAsync() + 1;
        var settledWallet = await silo.NewWalletAsync();
        var settled = await PayAsync(settledWallet, 40_000_000, await silo.Chain.NewPayerAsync(Usdc.Units(1m)), TimeSpan.FromSeconds(30));
        Assert.Equal(TopUpState.Settled, settled.State);

        var reversedWallet = await silo.NewWalletAsync();
        var emptied = await silo.Chain.NewPayerAsync(Usdc.Units(2m));
        var reversed = await PayAsync(reversedWallet, 2_000_000_000, emptied, TimeSpan.Zero);
        // Inside the batch window the payer moves everything away: the settlement fails and the credit is reversed.
        Assert.True((await silo.Chain.TokenClient.TransferAsync(silo.Chain.Sender(emptied), AnvilAccounts.Address(9), Usdc.Units(2m))).Succeeded);
        Assert.Equal(TopUpState.Failed, (await silo.FinalTopUpAsync(reversedWallet, reversed.Nonce)).State);

        var stray = await silo.Chain.TokenClient.TransferAsync(silo.Chain.Sender(AnvilAccounts.Key(7)), silo.PayTo, 54_321);
        Assert.True(stray.Succeeded);
        var lastBlock = (long)await silo.Chain.Client.GetBlockNumberAsync();

        using var client = silo.Client;
        var report = Assert.Single((await client.ReconcileTopUpsAsync(firstBlock, lastBlock)).Networks);
        var overHttp = await silo.Http.GetStringAsync($"/v1/finance/reconciliation?from_block={firstBlock}&to_block={lastBlock}");

        Assert.Equal(TopUpSilo.NetworkId, report.Network);
        Assert.Equal(silo.PayTo.ToString(), report.Treasury, ignoreCase: true);
        Assert.False(report.Clean);
        Assert.Equal(1, report.Matched);
        Assert.Equal(40_000_000, report.MatchedValue);
        var unknown = Assert.Single(report.OnChainOnly);
        Assert.Equal(54_321_000, unknown.Value); // USDC atomic units, reported in nano-dollars
        Assert.Equal(AnvilAccounts.Address(7).ToString(), unknown.From, ignoreCase: true);
        Assert.Empty(report.LedgerOnly);
        var reversal = Assert.Single(report.Reversed, r => r.WalletId == reversedWallet);
        Assert.Equal(reversed.Nonce, reversal.Nonce, ignoreCase: true);
        Assert.Equal(2_000_000_000, reversal.Value);
        Assert.Equal(emptied.Address.ToString(), reversal.Payer, ignoreCase: true);
        Assert.DoesNotContain(report.Reversed, r => r.WalletId == settledWallet);

        var network = JsonDocument.Parse(overHttp).RootElement.GetProperty("networks")[0];
        Assert.Equal(1, network.GetProperty("matched").GetInt32());
        Assert.Equal(54_321_000, network.GetProperty("on_chain_only")[0].GetProperty("value").GetInt64());
        Assert.Contains(network.GetProperty("reversed").EnumerateArray(), r => r.GetProperty("wallet_id").GetString() == reversedWallet);
    }

    [Fact]
    public async Task A_reconciliation_without_a_block_range_is_a_problem_document()
    {
        using var response = await silo.Http.GetAsync("/v1/finance/reconciliation?from_block=10");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", problem.GetProperty("reason").GetString());
        Assert.Equal("to_block", problem.GetProperty("violations")[0].GetProperty("field").GetString());
    }
}
