using System.Numerics;
using System.Text.Json.Nodes;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts;
using Waterfall.X402.Tests.Support;

namespace Waterfall.X402.Tests.Verification;

/// <summary>How settlement behaves under concurrency, slow blocks and confirmations, and behind a different settler.</summary>
public sealed class SettlementTests
{
    private static readonly BigInteger Amount = Usdc.Units(0.10m);

    [Fact]
    public async Task Concurrent_settlements_from_one_facilitator_key_each_get_their_own_nonce_and_all_land()
    {
        await using var chain = await LocalChain.StartAsync();
        using var stack = new X402TestStack(chain);
        var requirements = stack.RequirementsFor(Amount);
        var payloads = new List<PaymentPayload>();
        foreach (var payer in LocalChain.PayerKeys)
            for (var i = 0; i < 3; i++)
                payloads.Add(await stack.PayAsync(requirements, payer));
        var nonceBefore = await chain.Client.GetTransactionCountAsync(LocalChain.Facilitator, BlockTag.Pending);
        var payToBefore = await chain.BalanceOfAsync(LocalChain.PayTo);

        var results = await Task.WhenAll(payloads.Select(p => stack.Settler.SettleAsync(p, requirements)));

        Assert.All(results, r => Assert.True(r.Success, r.ErrorReason + " " + r.ErrorMessage));
        Assert.Equal(payloads.Count, results.Select(r => r.Transaction).Distinct().Count());
        Assert.Equal(nonceBefore + (ulong)payloads.Count, await chain.Client.GetTransactionCountAsync(LocalChain.Facilitator, BlockTag.Latest));
        Assert.Equal(payToBefore + Amount * payloads.Count, await chain.BalanceOfAsync(LocalChain.PayTo));
    }

    [Fact]
    public async Task The_same_payment_settled_twice_at_once_is_sent_once_and_the_second_finds_its_nonce_used()
    {
        await using var chain = await LocalChain.StartAsync();
        using var stack = new X402TestStack(chain);
        var requirements = stack.RequirementsFor(Amount);
        var payload = await stack.PayAsync(requirements, LocalChain.PayerKeys[1]);
        var nonceBefore = await chain.Client.GetTransactionCountAsync(LocalChain.Facilitator, BlockTag.Pending);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => stack.Settler.SettleAsync(payload, requirements)));

        Assert.Single(results, r => r.Success);
        Assert.All(results.Where(r => !r.Success), r => Assert.Equal("invalid_exact_evm_nonce_already_used", r.ErrorReason));
        Assert.Equal(nonceBefore + 1, await chain.Client.GetTransactionCountAsync(LocalChain.Facilitator, BlockTag.Latest));
    }

    [Fact]
    public async Task A_settlement_without_a_receipt_in_time_is_pending_and_a_retry_waits_for_that_same_transaction()
    {
        await using var chain = await LocalChain.StartAsync();
        using var http = new HttpClient();
        var networks = new X402Networks([X402Network.FromOptions("local", X402TestStack.NetworkOptions(chain))]);
        var chains = new X402Chains(http, networks);
        var verifier = new ExactEvmVerifier(chains, new SystemPaymentClock());
        var settler = new ExactEvmSettler(chains, verifier, new FacilitatorSigner(LocalChain.FacilitatorKey), TimeSpan.FromSeconds(1));
        var requirements = new PaymentRequirementsFactory(networks).Create(X402TestStack.Network, LocalChain.PayTo, Amount, 300);
        var payload = ExactEvmPayer.CreatePaymentPayload(requirements, LocalChain.PayerKeys[2]);
        await chain.Client.RequestAsync("evm_setAutomine", [JsonValue.Create(false)]);

        var pending = await settler.SettleAsync(payload, requirements);
        await chain.MineAsync();
        var retried = await settler.SettleAsync(payload, requirements);

        Assert.False(pending.Success);
        Assert.Equal("settlement_pending", pending.ErrorReason);
        Assert.Equal(66, pending.Transaction.Length);
        Assert.True(retried.Success, retried.ErrorReason + " " + retried.ErrorMessage);
        Assert.Equal(pending.Transaction, retried.Transaction);
        Assert.Equal(1UL, await chain.Client.GetTransactionCountAsync(LocalChain.Facilitator, BlockTag.Pending));
        Assert.Equal(Amount, await chain.BalanceOfAsync(LocalChain.PayTo));
    }

    [Fact]
    public async Task A_network_with_confirmations_answers_only_once_the_block_is_buried_deep_enough()
    {
        await using var chain = await LocalChain.StartAsync();
        using var http = new HttpClient();
        var options = X402TestStack.NetworkOptions(chain);
        options.Confirmations = 3;
        var networks = new X402Networks([X402Network.FromOptions("local", options)]);
        var chains = new X402Chains(http, networks);
        var verifier = new ExactEvmVerifier(chains, new ChainPaymentClock(chains));
        var settler = new ExactEvmSettler(chains, verifier, new FacilitatorSigner(LocalChain.FacilitatorKey), TimeSpan.FromSeconds(30));
        var requirements = new PaymentRequirementsFactory(networks).Create(X402TestStack.Network, LocalChain.PayTo, Amount, 300);
        var payload = ExactEvmPayer.CreatePaymentPayload(requirements, LocalChain.PayerKeys[2]);

        var settling = settler.SettleAsync(payload, requirements);
        while (await chain.Client.GetTransactionCountAsync(LocalChain.Facilitator, BlockTag.Latest) == 0)
            await Task.Delay(20);
        await Task.Delay(200);
        var answeredAtOneConfirmation = settling.IsCompleted;
        await chain.MineAsync();
        await chain.MineAsync();
        var settled = await settling.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(answeredAtOneConfirmation);
        Assert.True(settled.Success, settled.ErrorReason + " " + settled.ErrorMessage);
    }

    [Fact]
    public async Task Another_settler_receives_only_payments_that_passed_verification()
    {
        await using var chain = await LocalChain.StartAsync();
        using var stack = new X402TestStack(chain);
        var recording = new RecordingSettler();
        var facilitator = new X402Facilitator(stack.Verifier, recording, stack.Signer);
        var requirements = stack.RequirementsFor(Amount);
        var good = await stack.PayAsync(requirements, LocalChain.PayerKeys[1]);
        var bad = await stack.PayAsync(stack.RequirementsFor(Amount + 1), LocalChain.PayerKeys[1]);

        var accepted = await facilitator.SettleAsync(X402TestStack.Body(good, requirements));
        var refused = await facilitator.SettleAsync(X402TestStack.Body(bad, requirements));

        Assert.True(accepted.Success);
        Assert.Equal("invalid_exact_evm_payload_authorization_value_mismatch", refused.ErrorReason);
        var payment = Assert.Single(recording.Payments);
        Assert.Equal((LocalChain.PayerKeys[1].Address, LocalChain.PayTo, Amount, chain.Token), (payment.Payer, payment.PayTo, payment.Amount, payment.Asset));
        Assert.True(payment.UsesVrsOverload);
        Assert.Equal(X402TestStack.Exact(good).Signature, payment.SignatureText);
    }

    private sealed class RecordingSettler : IPaymentSettler
    {
        public List<VerifiedPayment> Payments { get; } = [];

        public Task<SettleResponse> SettleAsync(VerifiedPayment payment, CancellationToken cancellationToken = default)
        {
            Payments.Add(payment);
            return Task.FromResult(SettleResponse.Succeeded("0x" + new string('0', 63) + "1", payment.ResponseNetwork, payment.Payer.ToString()));
        }
    }
}
