using System.Net;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waterfall.Chain.Crypto;
using Waterfall.ChainTestSupport;
using Waterfall.X402;
using Reasons = Waterfall.X402.ExactEvmScheme.Reasons;

namespace Waterfall.TopUps.Tests;

/// <summary>Every refused payment answers 402 with the reference's reason, and credits nothing.</summary>
[Collection("topups")]
public sealed class TopUpRefusalTests(TopUpSilo silo)
{
    private static readonly EthPrivateKey Payer = AnvilAccounts.Key(4);

    public static TheoryData<string, string> Cases => new()
    {
        { "value below the amount asked", Reasons.AuthorizationValueMismatch },
        { "tampered value", Reasons.InvalidSignature },
        { "tampered recipient", Reasons.InvalidSignature },
        { "signed to another recipient", Reasons.RecipientMismatch },
        { "tampered signature", Reasons.InvalidSignature },
        { "expired", Reasons.ValidBeforeExpired },
        { "expiring within six seconds", Reasons.ValidBeforeExpired },
        { "not yet valid", Reasons.ValidAfterInFuture },
        { "payer balance too low", Reasons.InsufficientBalance },
        { "wrong network", Reasons.InvalidNetwork },
        { "malformed base64", Reasons.InvalidPayload },
        { "malformed JSON", Reasons.InvalidPayload },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_refused_payment_answers_402_with_the_reference_reason_and_credits_nothing(string tampering, string reason)
    {
        var walletId = await silo.NewWalletAsync();
        var required = await Requirements(walletId, "1.00");
        var option = required.Accepts[0];
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (header, postedAmount) = tampering switch
        {
            "value below the amount asked" => (Sign(option, Payer), "2.00"),
            "tampered value" => (Tamper(Sign(option, Payer), a => a["value"] = "2000000"), "2.00"),
            "tampered recipient" => (Tamper(Sign(option, Payer), a => a["to"] = AnvilAccounts.Address(8).ToString(), accepted: r => r["payTo"] = AnvilAccounts.Address(8).ToString()), "1.00"),
            "signed to another recipient" => (Sign(option with { PayTo = AnvilAccounts.Address(8).ToString() }, Payer), "1.00"),
            "tampered signature" => (Tamper(Sign(option, Payer), _ => { }, signature: s => s[..10] + (s[10] == 'a' ? 'b' : 'a') + s[11..]), "1.00"),
            "expired" => (Sign(option, Payer, validBefore: now - 10), "1.00"),
            "expiring within six seconds" => (Sign(option, Payer, validBefore: now + 3), "1.00"),
            "not yet valid" => (Sign(option, Payer, validAfter: now + 3600), "1.00"),
            "payer balance too low" => (Sign(option, EthPrivateKey.Generate()), "1.00"),
            "wrong network" => (Tamper(Sign(option, Payer), _ => { }, accepted: r => r["network"] = "eip155:8453"), "1.00"),
            "malformed base64" => ("%%% not base64 %%%", "1.00"),
            "malformed JSON" => (Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"x402Version\": 2, \"accepted\": ")), "1.00"),
            _ => throw new ArgumentOutOfRangeException(nameof(tampering)),
        };
        var payToBefore = await silo.Chain.BalanceOfAsync(silo.PayTo);

        using var response = await Post(walletId, postedAmount, header);

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("PAYMENT_INVALID", problem.GetProperty("reason").GetString());
        Assert.Equal(reason, problem.GetProperty("metadata").GetProperty("x402_reason").GetString());
        var again = X402Headers.DecodePaymentRequired(Assert.Single(response.Headers.GetValues(X402Headers.PaymentRequired)));
        Assert.Equal(reason, again.Error);
        Assert.Equal(0, await silo.BalanceAsync(walletId));
        Assert.Equal(payToBefore, await silo.Chain.BalanceOfAsync(silo.PayTo));
    }

    [Fact]
    public async Task A_nonce_already_used_on_chain_is_refused_as_a_replay_and_credits_nothing()
    {
        var walletId = await silo.NewWalletAsync();
        var required = await Requirements(walletId, "0.20");
        var nonce = ExactEvmPayer.NewNonce();
        using (var paid = await Post(walletId, "0.20", Sign(required.Accepts[0], Payer, nonce: nonce)))
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.True(await silo.Chain.AuthorizationStateAsync(Payer.Address, nonce));

        var other = await silo.NewWalletAsync();
        var otherRequired = await Requirements(other, "0.30");
        using var replay = await Post(other, "0.30", Sign(otherRequired.Accepts[0], Payer, nonce: nonce));

        Assert.Equal(HttpStatusCode.PaymentRequired, replay.StatusCode);
        var problem = JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Reasons.NonceAlreadyUsed, problem.GetProperty("metadata").GetProperty("x402_reason").GetString());
        Assert.Equal(0, await silo.BalanceAsync(other));
        Assert.Equal(200_000_000, await silo.BalanceAsync(walletId));
    }

    [Fact]
    public async Task A_paid_nonce_sent_again_with_a_signature_that_does_not_verify_is_refused_not_answered_as_a_replay()
    {
        var walletId = await silo.NewWalletAsync();
        var required = await Requirements(walletId, "0.10");
        var paid = Sign(required.Accepts[0], Payer);
        using (var first = await Post(walletId, "0.10", paid))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var forged = Tamper(paid, _ => { }, signature: s => s[..10] + (s[10] == 'a' ? 'b' : 'a') + s[11..]);
        using var response = await Post(walletId, "0.10", forged);
        using var genuine = await Post(walletId, "0.10", paid);

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Reasons.InvalidSignature, problem.GetProperty("metadata").GetProperty("x402_reason").GetString());
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.True(JsonDocument.Parse(await genuine.Content.ReadAsStringAsync()).RootElement.GetProperty("replayed").GetBoolean());
        Assert.Equal(100_000_000, await silo.BalanceAsync(walletId));
    }

    private async Task<PaymentRequired> Requirements(string walletId, string amount)
    {
        using var response = await Post(walletId, amount, null);
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        return X402Headers.DecodePaymentRequired(response.Headers.GetValues(X402Headers.PaymentRequired).Single());
    }

    private async Task<HttpResponseMessage> Post(string walletId, string amount, string? header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/wallets/{walletId}/top-ups?amount={amount}");
        if (header is not null) request.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, header);
        return await silo.Http.SendAsync(request);
    }

    private static string Sign(PaymentRequirements option, EthPrivateKey payer, long? validAfter = null, long? validBefore = null, Chain.Primitives.Bytes32? nonce = null) =>
        X402Headers.EncodePaymentSignature(ExactEvmPayer.CreatePaymentPayload(
            option, payer, nonce: nonce, validAfter: validAfter is { } a ? new BigInteger(a) : null, validBefore: validBefore is { } b ? new BigInteger(b) : null));

    private static string Tamper(string header, Action<JsonObject> authorization, Action<JsonObject>? accepted = null, Func<string, string>? signature = null)
    {
        var json = JsonNode.Parse(Convert.FromBase64String(header))!.AsObject();
        var payload = json["payload"]!.AsObject();
        authorization(payload["authorization"]!.AsObject());
        accepted?.Invoke(json["accepted"]!.AsObject());
        if (signature is not null) payload["signature"] = signature(payload["signature"]!.GetValue<string>());
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }
}
