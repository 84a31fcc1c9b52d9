using System.Numerics;
using System.Text.Json;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.ChainTestSupport;

namespace Waterfall.X402.Tests.Support;

/// <summary>
/// Our x402 stack pointed at a <see cref="LocalChain"/>: the token as the "eip155:31337" network's USDC
/// (also reachable as v1 network "anvil"), the chain's block time as "now", and anvil #2 as the
/// facilitator's settlement key.
/// </summary>
public sealed class X402TestStack : IDisposable
{
    public const string Network = "eip155:31337";
    public const string V1Network = "anvil";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public X402TestStack(LocalChain chain, IPaymentClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        Chain = chain;
        NetworkConfig = NetworkOptions(chain);
        Networks = new X402Networks([X402Network.FromOptions("local", NetworkConfig)]);
        Chains = new X402Chains(_http, Networks);
        Clock = clock ?? new ChainPaymentClock(Chains);
        Signer = new FacilitatorSigner(LocalChain.FacilitatorKey);
        Verifier = new ExactEvmVerifier(Chains, Clock, simulationSender: Signer.Address);
        Settler = new ExactEvmSettler(Chains, Verifier, Signer, TimeSpan.FromSeconds(30));
        Facilitator = new X402Facilitator(Verifier, Settler, Signer);
        Requirements = new PaymentRequirementsFactory(Networks);
    }

    public LocalChain Chain { get; }

    public X402NetworkOptions NetworkConfig { get; }

    public X402Networks Networks { get; }

    public X402Chains Chains { get; }

    public IPaymentClock Clock { get; }

    public FacilitatorSigner Signer { get; }

    public ExactEvmVerifier Verifier { get; }

    public ExactEvmSettler Settler { get; }

    public X402Facilitator Facilitator { get; }

    public PaymentRequirementsFactory Requirements { get; }

    public static X402NetworkOptions NetworkOptions(LocalChain chain) => new()
    {
        Network = Network,
        RpcUrl = chain.RpcUrl.ToString(),
        Asset = chain.Token.ToString(),
        AssetName = "USD Coin",
        AssetVersion = "2",
        V1Name = V1Network,
        ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
    };

    /// <summary>"exact" requirements for <paramref name="amount"/> to <paramref name="payTo"/> (anvil #1 by default).</summary>
    public PaymentRequirements RequirementsFor(BigInteger amount, EthAddress? payTo = null, long maxTimeoutSeconds = 60) =>
        Requirements.Create(Network, payTo ?? LocalChain.PayTo, amount, maxTimeoutSeconds);

    /// <summary>A payment signed by <paramref name="payer"/>, valid from 0 until an hour after the chain's clock unless told otherwise.</summary>
    public async Task<PaymentPayload> PayAsync(
        PaymentRequirements requirements,
        EthPrivateKey payer,
        BigInteger? validAfter = null,
        BigInteger? validBefore = null,
        Bytes32? nonce = null)
    {
        var now = await Chain.LatestTimestampAsync();
        return ExactEvmPayer.CreatePaymentPayload(
            requirements,
            payer,
            new ResourceInfo { Url = "https://api.example.com/credits", Description = "wallet top-up", MimeType = "application/json" },
            nonce: nonce,
            validAfter: validAfter ?? 0,
            validBefore: validBefore ?? (BigInteger)now + 3600);
    }

    /// <summary>The payload with its exact-EVM part changed, e.g. to tamper with what was signed.</summary>
    public static PaymentPayload WithExact(PaymentPayload payload, Func<ExactEvmPayload, ExactEvmPayload> change) =>
        payload with { Payload = change(ExactEvmPayload.FromJson(payload.Payload)).ToJson() };

    public static ExactEvmPayload Exact(PaymentPayload payload) => ExactEvmPayload.FromJson(payload.Payload);

    public static JsonElement Body(PaymentPayload payload, PaymentRequirements requirements) =>
        JsonSerializer.SerializeToElement(FacilitatorRequest.For(payload, requirements), X402Json.Options);

    public void Dispose() => _http.Dispose();
}
