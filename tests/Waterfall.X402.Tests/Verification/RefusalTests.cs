using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts;
using Waterfall.X402.Tests.Support;

namespace Waterfall.X402.Tests.Verification;

/// <summary>
/// Every way a payment is refused: verify answers isValid=false and settle success=false with the
/// reference's reason string, and nothing moves on chain (balances, the nonce and the facilitator's
/// transaction count stay as they were).
/// </summary>
public sealed class RefusalTests(LocalChain chain) : IClassFixture<LocalChain>, IDisposable
{
    private static readonly BigInteger Amount = Usdc.Units(0.01m);

    private readonly X402TestStack _stack = new(chain);

    public void Dispose() => _stack.Dispose();

    [Fact]
    public async Task A_value_raised_after_signing_no_longer_matches_the_signature()
    {
        var requirements = _stack.RequirementsFor(Amount * 2);
        var payload = X402TestStack.WithExact(await PayAsync(_stack.RequirementsFor(Amount)), p => p with
        {
            Authorization = p.Authorization with { Value = (Amount * 2).ToString(CultureInfo.InvariantCulture) },
        });

        await AssertRefusedAsync(payload, requirements, "invalid_exact_evm_signature");
    }

    [Fact]
    public async Task An_authorization_for_another_amount_than_required_is_a_value_mismatch()
    {
        var payload = await PayAsync(_stack.RequirementsFor(Amount - 1));

        await AssertRefusedAsync(payload, _stack.RequirementsFor(Amount), "invalid_exact_evm_payload_authorization_value_mismatch");
    }

    [Fact]
    public async Task A_recipient_changed_after_signing_no_longer_matches_the_signature()
    {
        var thief = EthPrivateKey.Generate().Address;
        var payload = X402TestStack.WithExact(await PayAsync(_stack.RequirementsFor(Amount)), p => p with
        {
            Authorization = p.Authorization with { To = thief.ToString() },
        });

        await AssertRefusedAsync(payload, _stack.RequirementsFor(Amount, thief), "invalid_exact_evm_signature");
    }

    [Fact]
    public async Task A_payment_signed_to_another_recipient_than_pay_to_is_a_recipient_mismatch()
    {
        var elsewhere = EthPrivateKey.Generate().Address;
        var payload = await PayAsync(_stack.RequirementsFor(Amount, elsewhere));

        await AssertRefusedAsync(payload, _stack.RequirementsFor(Amount), "invalid_exact_evm_recipient_mismatch");
    }

    [Fact]
    public async Task A_tampered_signature_is_refused()
    {
        var payload = X402TestStack.WithExact(await PayAsync(_stack.RequirementsFor(Amount)), p =>
        {
            var bytes = Hex.Decode(p.Signature);
            bytes[10] ^= 0x01;
            return p with { Signature = Hex.Encode(bytes) };
        });

        await AssertRefusedAsync(payload, _stack.RequirementsFor(Amount), "invalid_exact_evm_signature");
    }

    [Fact]
    public async Task A_signature_by_someone_other_than_the_payer_is_refused()
    {
        var requirements = _stack.RequirementsFor(Amount);
        var payer = LocalChain.PayerKeys[1];
        var forged = await _stack.PayAsync(requirements, EthPrivateKey.Generate());
        var payload = X402TestStack.WithExact(forged, p => p with { Authorization = p.Authorization with { From = payer.Address.ToString() } });

        await AssertRefusedAsync(payload, requirements, "invalid_exact_evm_signature", payer.Address);
    }

    [Fact]
    public async Task An_authorization_that_expired_is_refused()
    {
        var now = await chain.LatestTimestampAsync();
        var payload = await PayAsync(_stack.RequirementsFor(Amount), validBefore: now - 1);

        await AssertRefusedAsync(payload, _stack.RequirementsFor(Amount), "invalid_exact_evm_payload_authorization_valid_before");
    }

    [Fact]
    public async Task An_authorization_that_expires_within_six_seconds_is_refused_as_the_reference_does()
    {
        var now = await chain.LatestTimestampAsync();
        var payload = await PayAsync(_stack.RequirementsFor(Amount), validBefore: now + 5);

        await AssertRefusedAsync(payload, _stack.RequirementsFor(Amount), "invalid_exact_evm_payload_authorization_valid_before");
    }

    [Fact]
    public async Task An_authorization_not_yet_valid_is_refused()
    {
        var now = await chain.LatestTimestampAsync();
        var payload = await PayAsync(_stack.RequirementsFor(Amount), validAfter: now + 3600, validBefore: now + 7200);

        await AssertRefusedAsync(payload, _stack.RequirementsFor(Amount), "invalid_exact_evm_payload_authorization_valid_after");
    }

    [Fact]
    public async Task A_nonce_replayed_after_its_settlement_is_refused()
    {
        var requirements = _stack.RequirementsFor(Amount);
        var payload = await PayAsync(requirements);
        var first = await _stack.Settler.SettleAsync(payload, requirements);
        Assert.True(first.Success, first.ErrorReason + " " + first.ErrorMessage);

        await AssertRefusedAsync(payload, requirements, "invalid_exact_evm_nonce_already_used", nonceAlreadyUsed: true);
    }

    [Fact]
    public async Task A_payer_whose_balance_is_too_low_is_refused()
    {
        var poor = await chain.NewPayerAsync(Amount - 1);
        var requirements = _stack.RequirementsFor(Amount);
        var payload = await _stack.PayAsync(requirements, poor);

        await AssertRefusedAsync(payload, requirements, "invalid_exact_evm_insufficient_balance", poor.Address);
    }

    [Fact]
    public async Task A_payment_for_another_network_is_a_network_mismatch()
    {
        var requirements = _stack.RequirementsFor(Amount);
        var paid = await PayAsync(requirements);
        var payload = paid with { Accepted = paid.Accepted with { Network = "eip155:8453" } };

        await AssertRefusedAsync(payload, requirements, "invalid_exact_evm_network_mismatch");
    }

    [Fact]
    public async Task A_payment_under_another_scheme_is_refused_by_the_exact_scheme()
    {
        var requirements = _stack.RequirementsFor(Amount);
        var paid = await PayAsync(requirements);
        var payload = paid with { Accepted = paid.Accepted with { Scheme = "upto" } };

        await AssertRefusedAsync(payload, requirements, "invalid_exact_evm_scheme");
    }

    [Fact]
    public async Task Requirements_under_a_scheme_the_facilitator_does_not_serve_are_an_unsupported_scheme()
    {
        var requirements = _stack.RequirementsFor(Amount) with { Scheme = "upto" };
        var payload = await PayAsync(_stack.RequirementsFor(Amount));

        await AssertRefusedAsync(payload, requirements, "unsupported_scheme");
    }

    [Fact]
    public async Task Requirements_on_a_network_the_facilitator_does_not_serve_are_an_invalid_network()
    {
        var requirements = _stack.RequirementsFor(Amount) with { Network = "eip155:8453" };
        var paid = await PayAsync(_stack.RequirementsFor(Amount));
        var payload = paid with { Accepted = requirements };

        await AssertRefusedAsync(payload, requirements, "invalid_network");
    }

    [Fact]
    public async Task Requirements_without_the_eip712_domain_are_refused()
    {
        var requirements = _stack.RequirementsFor(Amount) with { Extra = new Dictionary<string, JsonElement> { ["name"] = JsonSerializer.SerializeToElement("USD Coin") } };
        var payload = await PayAsync(_stack.RequirementsFor(Amount));

        await AssertRefusedAsync(payload, requirements, "invalid_exact_evm_missing_eip712_domain");
    }

    [Fact]
    public async Task A_payment_signed_for_the_wrong_token_name_is_diagnosed_as_a_name_mismatch()
    {
        // The payer signs over the domain the requirements claim; the token's own domain differs, so the
        // transfer would revert, and asking the token explains why.
        var requirements = _stack.RequirementsFor(Amount) with
        {
            Extra = new Dictionary<string, JsonElement>
            {
                ["name"] = JsonSerializer.SerializeToElement("USDC"),
                ["version"] = JsonSerializer.SerializeToElement("2"),
            },
        };
        var payload = await PayAsync(requirements);

        var verified = await _stack.Verifier.VerifyAsync(payload, requirements);

        Assert.Equal("invalid_exact_evm_token_name_mismatch", verified.InvalidReason);
        Assert.Contains("invalid signature", verified.InvalidMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_asset_that_is_not_a_contract_is_refused()
    {
        var requirements = _stack.RequirementsFor(Amount) with { Asset = EthPrivateKey.Generate().Address.ToString() };
        var payload = await PayAsync(requirements);

        await AssertRefusedAsync(payload, requirements, "asset_not_deployed_contract");
    }

    [Fact]
    public async Task A_payload_that_is_not_an_eip3009_authorization_is_an_invalid_payload()
    {
        var paid = await PayAsync(_stack.RequirementsFor(Amount));
        var payload = paid with { Payload = JsonSerializer.SerializeToElement(new { signature = "0x00" }) };

        var verified = await _stack.Facilitator.VerifyAsync(X402TestStack.Body(payload, _stack.RequirementsFor(Amount)));

        Assert.False(verified.IsValid);
        Assert.Equal("invalid_payload", verified.InvalidReason);
        Assert.Contains("authorization", verified.InvalidMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Numbers_that_are_not_uint256_are_an_invalid_payload()
    {
        var payload = X402TestStack.WithExact(await PayAsync(_stack.RequirementsFor(Amount)), p => p with
        {
            Authorization = p.Authorization with { ValidBefore = "soon" },
        });

        await AssertRefusedAsync(payload, _stack.RequirementsFor(Amount), "invalid_payload");
    }

    [Fact]
    public async Task A_contract_wallet_payer_is_verified_with_erc1271_and_settled_through_the_bytes_overload()
    {
        var owner = EthPrivateKey.Generate();
        var wallet = await chain.DeployTestSmartWalletAsync(owner.Address);
        await chain.MintAsync(wallet, Amount);
        var requirements = _stack.RequirementsFor(Amount);
        var now = await chain.LatestTimestampAsync();
        var authorization = LocalChain.Authorization(wallet, LocalChain.PayTo, Amount, validBefore: now + 3600);
        var signed = ExactEvmPayer.Sign(authorization, owner, "USD Coin", "2", LocalChain.ChainId, chain.Token.ToString());
        var payload = PaymentPayload.Create(requirements, signed);

        var verified = await _stack.Verifier.VerifyAsync(payload, requirements);
        var settled = await _stack.Settler.SettleAsync(payload, requirements);

        Assert.Equal(VerifyResponse.Valid(wallet.ToString()), verified);
        Assert.True(settled.Success, settled.ErrorReason + " " + settled.ErrorMessage);
        var transaction = await chain.Client.RequestAsync("eth_getTransactionByHash", [System.Text.Json.Nodes.JsonValue.Create(settled.Transaction)]);
        Assert.StartsWith("0xcf092995", transaction.GetProperty("input").GetString(), StringComparison.Ordinal);
        Assert.Equal(BigInteger.Zero, await chain.BalanceOfAsync(wallet));
    }

    [Fact]
    public async Task A_contract_wallet_that_rejects_the_signature_is_refused()
    {
        var wallet = await chain.DeployTestSmartWalletAsync(EthPrivateKey.Generate().Address);
        await chain.MintAsync(wallet, Amount);
        var requirements = _stack.RequirementsFor(Amount);
        var now = await chain.LatestTimestampAsync();
        var authorization = LocalChain.Authorization(wallet, LocalChain.PayTo, Amount, validBefore: now + 3600);
        var signed = ExactEvmPayer.Sign(authorization, EthPrivateKey.Generate(), "USD Coin", "2", LocalChain.ChainId, chain.Token.ToString());

        await AssertRefusedAsync(PaymentPayload.Create(requirements, signed), requirements, "invalid_exact_evm_signature", wallet);
    }

    [Theory]
    [InlineData("eyJ4NDAy!!", "not base64")]
    [InlineData("eyJ4NDAyVmVyc2lvbiI6M", "not base64")] // 4n+1 characters
    [InlineData("eyJ4NDAyVmVyc2lvbiI6Mix9", "not JSON")] // {"x402Version":2,}
    [InlineData("WzEsMiwzXQ==", "must be a JSON object")] // [1,2,3]
    public async Task A_malformed_payment_signature_header_is_refused_before_anything_reaches_the_chain(string header, string detail)
    {
        var payer = LocalChain.PayerKeys[1].Address;
        var before = await ChainSnapshot.TakeAsync(chain, payer, LocalChain.PayTo, default);

        var error = Assert.Throws<X402HeaderException>(() => X402Headers.DecodePaymentSignature(header));

        Assert.Equal("Invalid payment signature header", error.Reason);
        Assert.Contains(detail, error.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await ChainSnapshot.TakeAsync(chain, payer, LocalChain.PayTo, default));
    }

    private async Task<PaymentPayload> PayAsync(PaymentRequirements requirements, BigInteger? validAfter = null, BigInteger? validBefore = null) =>
        await _stack.PayAsync(requirements, LocalChain.PayerKeys[1], validAfter, validBefore);

    /// <summary>Verify and settle (directly and through the facilitator) refuse with the reason, and the chain stays as it was.</summary>
    private async Task AssertRefusedAsync(PaymentPayload payload, PaymentRequirements requirements, string reason, EthAddress? payer = null, bool nonceAlreadyUsed = false)
    {
        var exact = X402TestStack.Exact(payload);
        payer ??= EthAddress.TryParse(exact.Authorization.From, out var from) ? from : LocalChain.PayerKeys[1].Address;
        var nonce = Hex.TryDecode(exact.Authorization.Nonce, out var nonceBytes) && nonceBytes.Length == 32 ? new Bytes32(nonceBytes) : default;
        var payTo = EthAddress.Parse(requirements.PayTo);
        var before = await ChainSnapshot.TakeAsync(chain, payer.Value, payTo, nonce);
        Assert.Equal(nonceAlreadyUsed, before.NonceUsed);

        var verified = await _stack.Verifier.VerifyAsync(payload, requirements);
        var viaFacilitator = await _stack.Facilitator.VerifyAsync(X402TestStack.Body(payload, requirements));
        var settled = await _stack.Facilitator.SettleAsync(X402TestStack.Body(payload, requirements));

        if (requirements.Scheme == ExactEvmScheme.Name && _stack.Networks.TryGet(requirements.Network, out _))
        {
            Assert.False(verified.IsValid);
            Assert.Equal(reason, verified.InvalidReason);
        }
        Assert.False(viaFacilitator.IsValid);
        Assert.Equal(reason, viaFacilitator.InvalidReason);
        Assert.Equal(exact.Authorization.From, viaFacilitator.Payer);
        Assert.False(settled.Success);
        Assert.Equal(reason, settled.ErrorReason);
        Assert.Equal("", settled.Transaction);
        Assert.Equal(payload.Accepted.Network, settled.Network);
        Assert.Equal(before, await ChainSnapshot.TakeAsync(chain, payer.Value, payTo, nonce));
    }
}
