using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.TestSupport;
using Waterfall.X402.Tests.Support;

namespace Waterfall.X402.Tests.Verification;

/// <summary>A node that cannot be reached is an answer with a reason, never an exception out of verify or settle.</summary>
public sealed class UnreachableChainTests : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly X402Facilitator _facilitator;
    private readonly PaymentRequirements _requirements;
    private readonly PaymentPayload _payload;

    public UnreachableChainTests()
    {
        // A loopback port nobody listens on: connections are refused at once.
        var port = TestPorts.Unused();
        var networks = new X402Networks([X402Network.FromOptions("local", new X402NetworkOptions
        {
            Network = "eip155:31337",
            RpcUrl = $"http://127.0.0.1:{port}/",
            Asset = X402Vector.Token,
            AssetName = "USD Coin",
            AssetVersion = "2",
        })]);
        var chains = new X402Chains(_http, networks);
        var verifier = new ExactEvmVerifier(chains, new SystemPaymentClock());
        var signer = new FacilitatorSigner(EthPrivateKey.Generate());
        _facilitator = new X402Facilitator(verifier, new ExactEvmSettler(chains, verifier, signer), signer);
        _requirements = new PaymentRequirementsFactory(networks).Create("eip155:31337", EthAddress.Parse(X402Vector.PayTo), 10_000);
        _payload = ExactEvmPayer.CreatePaymentPayload(_requirements, EthPrivateKey.Generate());
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Verify_answers_unexpected_verify_error_when_the_node_is_down()
    {
        var verified = await _facilitator.VerifyAsync(X402TestStack.Body(_payload, _requirements));

        Assert.False(verified.IsValid);
        Assert.Equal("unexpected_verify_error", verified.InvalidReason);
        Assert.StartsWith("The chain could not be queried", verified.InvalidMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settle_answers_unexpected_settle_error_when_the_node_is_down()
    {
        var settled = await _facilitator.SettleAsync(X402TestStack.Body(_payload, _requirements));

        Assert.False(settled.Success);
        Assert.Equal("unexpected_settle_error", settled.ErrorReason);
        Assert.Equal("", settled.Transaction);
        Assert.Equal("eip155:31337", settled.Network);
    }
}
