using Waterfall.Api.V1;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.TypedData;
using Waterfall.ChainTestSupport;
using Waterfall.Client;
using Waterfall.Domain.Settlement;
using Waterfall.X402.Contracts;
using Waterfall.TestSupport;
using DomainAllowance = Waterfall.Domain.Refills.UsdcAllowance;

namespace Waterfall.TopUps.Tests;

/// <summary>
/// Refills funded by a USDC allowance (docs/refill.md), on the real chain: the payer signs one EIP-2612 permit, the wallet
/// credits a refill when it falls below its threshold, and the settlement grain sends the permit and pulls the refill with
/// transferFrom — or, when the pull fails, reverses the credit and disables the rule.
/// </summary>
[Collection("topups")]
public sealed class AllowanceRefillTests(TopUpSilo silo)
{
    private const long Usd = 1_000_000_000;

    /// <summary>A wallet with USD 3 and the rule "below USD 2, refill by USD 5" pulled from a fresh payer's permit for <paramref name="capUsdc"/>.</summary>
    private async Task<(string WalletId, EthPrivateKey Payer, string PullId)> WalletWithAllowanceRule(decimal payerUsdc, decimal capUsdc)
    {
        var walletId = await silo.NewWalletAsync();
        var payer = await silo.Chain.NewPayerAsync(Usdc.Units(payerUsdc));
        var deadline = Math.Max(await silo.Chain.LatestTimestampAsync(), (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds()) + 3600;
        var permit = new Eip2612Permit(payer.Address, LocalChain.FacilitatorKey.Address, Usdc.Units(capUsdc),
            await silo.Chain.TokenClient.PermitNonceAsync(payer.Address), deadline);
        var signed = SignedEip2612Permit.Sign(permit, silo.Chain.TokenDomain, new EthSigner(payer));

        using var client = silo.Client;
        await client.GrantCreditsAsync(walletId, Amounts.Usd(3m));
        var set = await client.SetUsdcAllowanceRefillAsync(walletId, threshold: 2 * Usd, amount: 5 * Usd, monthlyCap: 100 * Usd, new UsdcAllowance
        {
            Network = TopUpSilo.NetworkId, Owner = payer.Address.ToString(), Spender = LocalChain.FacilitatorKey.Address.ToString(),
            Cap = (long)Usdc.Units(capUsdc), Deadline = (long)deadline, Signature = signed.SignatureHex,
        });
        return (walletId, payer, SettlementQueue.PullId(TopUpSilo.TenantId, walletId, DomainAllowance.PullKey(set.Sequence, 1)));
    }

    /// <summary>The pull once it is settled or failed (waits for that state, never a fixed time).</summary>
    private Task<SettlementStatus?> FinalPullAsync(string pullId) =>
        Eventually.UntilAsync(() => silo.Settlement.GetStatus(pullId),
            s => s is { State: SettlementState.Settled or SettlementState.Failed }, TimeSpan.FromMinutes(1));

    [Fact]
    public async Task A_wallet_crossing_its_threshold_is_refilled_once_and_the_payer_pays_exactly_the_refill_on_chain()
    {
        var (walletId, payer, pullId) = await WalletWithAllowanceRule(payerUsdc: 20m, capUsdc: 12m);
        var payerBefore = await silo.Chain.BalanceOfAsync(payer.Address);
        var payToBefore = await silo.Chain.BalanceOfAsync(silo.PayTo);
        using var client = silo.Client;

        await client.DebitAsync(walletId, Amounts.Usd(1.5m), idempotencyKey: "cross");
        await client.DebitAsync(walletId, Amounts.Usd(0.25m), idempotencyKey: "below-again");
        var credited = await client.GetWalletAsync(walletId);
        var pull = await FinalPullAsync(pullId);

        // Credited on submission, before the chain has it: one refill, however many debits find the wallet below USD 2.
        Assert.Equal(1, credited.Refill.Refills);
        Assert.Equal((3m - 1.5m - 0.25m + 5m) * Usd, credited.Balances.Single(b => b.Unit == "usd").Available);
        Assert.Equal(SettlementState.Settled, pull!.State);
        Assert.Equal(payerBefore - Usdc.Units(5m), await silo.Chain.BalanceOfAsync(payer.Address));
        Assert.Equal(payToBefore + Usdc.Units(5m), await silo.Chain.BalanceOfAsync(silo.PayTo));
        Assert.Equal(Usdc.Units(7m), await silo.Chain.TokenClient.AllowanceAsync(payer.Address, LocalChain.FacilitatorKey.Address));

        var wallet = await client.GetWalletAsync(walletId);
        Assert.True(wallet.Refill.Enabled);
        Assert.Equal(5_000_000, wallet.Refill.Rule.Allowance.Pulled);
        Assert.True(wallet.Refill.Rule.Allowance.PermitSubmitted);
        var ledger = await silo.LedgerAsync(walletId);
        var refilled = Assert.Single(ledger, t => t.Kind == "Refilled");
        Assert.Contains(refilled.Postings, p => p.Account == "settlement_pending" && p.Amount.Value == 5 * Usd);
        var settled = Assert.Single(ledger, t => t.Kind == "TopUpSettled");
        Assert.Equal(pull.TransactionHash, settled.Attribution.TransactionHash);
    }

    [Fact]
    public async Task A_pull_that_fails_on_chain_reverses_the_refill_and_disables_the_rule_with_the_chains_reason()
    {
        var (walletId, payer, pullId) = await WalletWithAllowanceRule(payerUsdc: 10m, capUsdc: 10m);
        // The payer moves its USDC away after signing: the permit still goes on chain, the transferFrom cannot.
        await silo.Chain.TokenClient.TransferAsync(silo.Chain.Sender(payer), AnvilAccounts.Address(9), Usdc.Units(10m));
        var payToBefore = await silo.Chain.BalanceOfAsync(silo.PayTo);
        using var client = silo.Client;

        await client.DebitAsync(walletId, Amounts.Usd(1.5m), idempotencyKey: "cross");
        var pull = await FinalPullAsync(pullId);
        Assert.Equal(SettlementState.Failed, pull!.State);
        Assert.Contains("transfer amount exceeds balance", pull.FailureReason);
        var wallet = await client.GetWalletAsync(walletId);

        Assert.Contains("transfer amount exceeds balance", wallet.Refill.DisabledReason);
        Assert.Equal(1.5m * Usd, wallet.Balances.Single(b => b.Unit == "usd").Available); // USD 3 - 1.5; the refill, unspent, taken back
        Assert.Equal(0, wallet.Refill.Rule.Allowance.Pulled); // the failed pull's units are the cap's again
        Assert.Equal(payToBefore, await silo.Chain.BalanceOfAsync(silo.PayTo));
        var ledger = await silo.LedgerAsync(walletId);
        var reversed = Assert.Single(ledger, t => t.Kind == "TopUpReversed");
        Assert.Contains(reversed.Postings, p => p.Account == "settlement_pending" && p.Amount.Value == -5 * Usd);
        Assert.Single(ledger, t => t.Kind == "RefillRuleDisabled");

        // Disabled, the rule refills no more: the next fall below the threshold stays below it.
        await client.DebitAsync(walletId, Amounts.Usd(0.5m), idempotencyKey: "after-failure");
        Assert.Equal(1 * Usd, (await client.GetWalletAsync(walletId)).Balances.Single(b => b.Unit == "usd").Available);
    }

    [Fact]
    public async Task Over_http_a_host_that_settles_on_chain_accepts_a_usdc_allowance_rule_for_its_settlement_account_and_refuses_another_spender()
    {
        var walletId = await silo.NewWalletAsync();
        string Rule(string key, string spender) => """
            {"idempotency_key": "KEY", "rule": {"threshold": 1000000000, "mode": "REFILL_MODE_FIXED", "amount": 5000000000,
              "monthly_cap": 50000000000, "funding": "REFILL_FUNDING_USDC_ALLOWANCE",
              "allowance": {"network": "NETWORK", "owner": "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
                "spender": "SPENDER", "cap": 50000000, "deadline": 4102444800, "signature": "SIGNATURE"}}}
            """.Replace("KEY", key).Replace("NETWORK", TopUpSilo.NetworkId).Replace("SPENDER", spender).Replace("SIGNATURE", "0x" + new string('a', 128) + "1b");

        using var other = await silo.Http.PutAsync($"/v1/wallets/{walletId}/refill-rule",
            new StringContent(Rule("rule-1", "0x0000000000000000000000000000000000000001"), System.Text.Encoding.UTF8, "application/json"));
        using var ours = await silo.Http.PutAsync($"/v1/wallets/{walletId}/refill-rule",
            new StringContent(Rule("rule-2", LocalChain.FacilitatorKey.Address.ToString()), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Contains("rule.allowance.spender", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, ours.StatusCode);
        using var client = silo.Client;
        var wallet = await client.GetWalletAsync(walletId);
        Assert.True(wallet.Refill.Enabled);
        Assert.Equal(RefillFunding.UsdcAllowance, wallet.Refill.Rule.Funding);
        Assert.Equal(50_000_000, wallet.Refill.Rule.Allowance.Cap);
        Assert.False(wallet.Refill.Rule.Allowance.PermitSubmitted);
    }
}
