using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;
using Waterfall.Api.V1;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.ChainTestSupport;
using Waterfall.X402;
using Waterfall.X402.Contracts;
using Reasons = Waterfall.X402.ExactEvmScheme.Reasons;

namespace Waterfall.TopUps.Tests;

/// <summary>
/// x402 on a model call, end to end on anvil: an empty wallet is answered 402 with a top-up to pay, and the
/// same request sent again with PAYMENT-SIGNATURE is credited through the top-up path and served in that request.
/// Each test waits for its payments to settle before it ends: the treasury and its batches are shared with the
/// settlement tests, which count exactly what they paid.
/// </summary>
[Collection("topups")]
public sealed class GatewayPaymentTests(TopUpSilo silo) : IAsyncLifetime
{
    private readonly List<(string WalletId, Bytes32 Nonce)> _payments = [];

    private const string ChatPath = "/v1/chat/completions";
    private const string MessagesPath = "/v1/messages";

    // The wallet id goes into the prompt, so what the fake received can be told apart per test.
    private static string ChatBody(string walletId, bool stream = false) =>
        $$"""{"model":"gpt-4o-mini","max_tokens":16,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"For {{walletId}} fake:output=5"}]}""";

    private static string MessagesBody(string walletId) =>
        $$"""{"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"For {{walletId}} fake:output=5"}]}""";

    private async Task<(string WalletId, string Key)> EmptyWalletAsync()
    {
        var walletId = await silo.NewWalletAsync();
        return (walletId, await silo.WalletKeyAsync(walletId));
    }

    private async Task<HttpResponseMessage> Call(string path, string json, string key, string? paymentSignature = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        // Each protocol's own way of sending the key, as its SDK does.
        if (path == MessagesPath)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", key);
            request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        if (paymentSignature is not null) request.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, paymentSignature);
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return await silo.Gateway.SendAsync(request);
    }

    private static PaymentRequired RequiredOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        return X402Headers.DecodePaymentRequired(Assert.Single(response.Headers.GetValues(X402Headers.PaymentRequired)));
    }

    private string Sign(string walletId, PaymentRequired required, EthPrivateKey payer, Bytes32? nonce = null)
    {
        var chosen = nonce ?? ExactEvmPayer.NewNonce();
        _payments.Add((walletId, chosen));
        return X402Headers.EncodePaymentSignature(ExactEvmPayer.CreatePaymentPayload(required.Accepts[0], payer, required.Resource, nonce: chosen));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (walletId, nonce) in _payments)
            if (await silo.Settlement.GetStatus(nonce.ToString()) is not null) await SettledAsync(walletId, nonce);
    }

    private static string TamperSignature(string header)
    {
        var json = JsonNode.Parse(Convert.FromBase64String(header))!.AsObject();
        var payload = json["payload"]!.AsObject();
        var signature = payload["signature"]!.GetValue<string>();
        payload["signature"] = signature[..10] + (signature[10] == 'a' ? 'b' : 'a') + signature[11..];
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private int Forwarded(string walletId) => silo.Provider.Requests.Count(r => r.Body.Contains(walletId, StringComparison.Ordinal));

    private static long CostNanos(HttpResponseMessage response) =>
        (long)(decimal.Parse(Assert.Single(response.Headers.GetValues("X-Waterfall-Cost")), CultureInfo.InvariantCulture) * 1_000_000_000m);

    private static List<LedgerTransaction> TopUpGrants(IEnumerable<LedgerTransaction> ledger) =>
        ledger.Where(t => t.Kind == "CreditsGranted" && t.IdempotencyKey.StartsWith("x402:", StringComparison.Ordinal)).ToList();

    private static long Revenue(LedgerTransaction transaction) =>
        -transaction.Postings.Where(p => p.Account == "revenue" && p.Amount.Unit == "usd").Sum(p => p.Amount.Value);

    private async Task<TopUpResponse> SettledAsync(string walletId, Bytes32 nonce)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var topUp = await silo.TopUps.GetTopUpAsync(new GetTopUpRequest { WalletId = walletId, Nonce = nonce.ToString() }, TopUpSilo.Auth);
            if (topUp.State is TopUpState.Settled or TopUpState.Failed) return topUp;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Top-up {nonce} was still {topUp.State} after a minute.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task An_empty_wallet_calling_chat_completions_is_answered_402_with_a_top_up_of_the_configured_amount_to_the_treasury()
    {
        var (walletId, key) = await EmptyWalletAsync();

        using var response = await Call(ChatPath, ChatBody(walletId), key);

        var required = RequiredOf(response);
        var error = (await Json(response)).GetProperty("error");
        Assert.Equal("insufficient_funds", error.GetProperty("code").GetString());
        Assert.Equal("insufficient_funds", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(PaymentRequired.Version, required.X402Version);
        var option = Assert.Single(required.Accepts);
        Assert.Equal("exact", option.Scheme);
        Assert.Equal(TopUpSilo.NetworkId, option.Network);
        Assert.Equal((TopUpSilo.GatewayTopUpNanos / 1_000).ToString(CultureInfo.InvariantCulture), option.Amount);
        Assert.Equal(silo.Chain.Token.ToString(), option.Asset);
        Assert.Equal(silo.PayTo.ToString(), option.PayTo);
        Assert.EndsWith(ChatPath, required.Resource.Url);
        Assert.Equal(0, Forwarded(walletId));
        Assert.Equal(0, await silo.BalanceAsync(walletId));
    }

    [Fact]
    public async Task Repeating_the_request_with_PAYMENT_SIGNATURE_credits_the_top_up_and_serves_the_call_in_that_request_and_it_settles_on_chain()
    {
        var (walletId, key) = await EmptyWalletAsync();
        var payer = await silo.Chain.NewPayerAsync(Usdc.Units(1m));
        var payerBefore = await silo.Chain.BalanceOfAsync(payer.Address);
        var nonce = ExactEvmPayer.NewNonce();
        // An x402 client repeats the request as it was, its Idempotency-Key included.
        using var unpaid = await Call(ChatPath, ChatBody(walletId), key, idempotencyKey: "agent-call-1");
        var required = RequiredOf(unpaid);

        using var paid = await Call(ChatPath, ChatBody(walletId), key, Sign(walletId, required, payer, nonce), idempotencyKey: "agent-call-1");

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var answer = (await Json(paid)).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.False(string.IsNullOrWhiteSpace(answer));
        Assert.Equal(1, Forwarded(walletId));
        // Credited on verification: the call does not wait for the batch, so the answer says settlement is under way.
        var settle = X402Headers.DecodePaymentResponse(Assert.Single(paid.Headers.GetValues(X402Headers.PaymentResponse)));
        Assert.Equal(TopUpSilo.NetworkId, settle.Network);
        Assert.Equal(payer.Address.ToString(), settle.Payer, ignoreCase: true);
        Assert.Equal(Reasons.SettlementPending, settle.ErrorReason);
        var cost = CostNanos(paid);
        Assert.True(cost > 0, "the call costs something");

        var ledger = await silo.LedgerAsync(walletId);
        var topUp = Assert.Single(TopUpGrants(ledger));
        Assert.Equal($"x402:{TopUpSilo.NetworkId}:{nonce}", topUp.IdempotencyKey);
        Assert.Equal(TopUpSilo.GatewayTopUpNanos, topUp.Postings.Where(p => p.Account == "settlement_pending").Sum(p => p.Amount.Value));
        Assert.Equal(payer.Address.ToString(), topUp.Attribution.Payer, ignoreCase: true);
        var capture = Assert.Single(ledger, t => t.Kind == "HoldCaptured");
        Assert.Equal(cost, Revenue(capture));
        Assert.True(capture.Sequence > topUp.Sequence, "the call is charged after the top-up is credited");
        Assert.Equal(TopUpSilo.GatewayTopUpNanos - cost, await silo.BalanceAsync(walletId));

        var settled = await SettledAsync(walletId, nonce);
        Assert.Equal(TopUpState.Settled, settled.State);
        var receipt = await silo.Chain.Client.GetTransactionReceiptAsync(Bytes32.Parse(settled.TransactionHash));
        Assert.True(receipt!.Succeeded);
        Assert.Equal(payerBefore - TopUpSilo.GatewayTopUpNanos / 1_000, await silo.Chain.BalanceOfAsync(payer.Address));
        Assert.Contains(await silo.LedgerAsync(walletId), t => t.Kind == "TopUpSettled" && t.Attribution.TransactionHash == settled.TransactionHash);
    }

    [Fact]
    public async Task The_same_payment_on_a_later_call_credits_nothing_more_and_that_call_is_served_from_what_is_left()
    {
        var (walletId, key) = await EmptyWalletAsync();
        using var unpaid = await Call(ChatPath, ChatBody(walletId), key);
        var signature = Sign(walletId, RequiredOf(unpaid), AnvilAccounts.Key(7));
        using var first = await Call(ChatPath, ChatBody(walletId), key, signature);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var second = await Call(ChatPath, ChatBody(walletId), key, signature);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var ledger = await silo.LedgerAsync(walletId);
        Assert.Single(TopUpGrants(ledger));
        Assert.Equal(2, ledger.Count(t => t.Kind == "HoldCaptured"));
        Assert.Equal(TopUpSilo.GatewayTopUpNanos - CostNanos(first) - CostNanos(second), await silo.BalanceAsync(walletId));
    }

    [Fact]
    public async Task A_tampered_PAYMENT_SIGNATURE_is_answered_402_again_with_the_x402_reason_and_credits_and_forwards_nothing()
    {
        var (walletId, key) = await EmptyWalletAsync();
        var nonce = ExactEvmPayer.NewNonce();
        using var unpaid = await Call(ChatPath, ChatBody(walletId), key);
        var tampered = TamperSignature(Sign(walletId, RequiredOf(unpaid), AnvilAccounts.Key(7), nonce));

        using var response = await Call(ChatPath, ChatBody(walletId), key, tampered);

        var again = RequiredOf(response);
        Assert.Equal(Reasons.InvalidSignature, again.Error);
        Assert.Equal(silo.PayTo.ToString(), Assert.Single(again.Accepts).PayTo);
        var error = (await Json(response)).GetProperty("error");
        Assert.Equal("insufficient_funds", error.GetProperty("code").GetString());
        Assert.Contains(Reasons.InvalidSignature, error.GetProperty("message").GetString());
        Assert.False(response.Headers.Contains(X402Headers.PaymentResponse));
        Assert.Equal(0, Forwarded(walletId));
        Assert.Equal(0, await silo.BalanceAsync(walletId));
        Assert.Empty(TopUpGrants(await silo.LedgerAsync(walletId)));
        Assert.Null(await silo.Settlement.GetStatus(nonce.ToString()));
    }

    [Fact]
    public async Task A_payment_for_another_amount_than_the_gateway_asks_is_refused_and_credits_nothing()
    {
        var (walletId, key) = await EmptyWalletAsync();
        using var topUpAsk = await silo.Http.PostAsync($"/v1/wallets/{walletId}/top-ups?amount=2.00", null);
        var otherAmount = Sign(walletId, RequiredOf(topUpAsk), AnvilAccounts.Key(7));

        using var response = await Call(ChatPath, ChatBody(walletId), key, otherAmount);

        Assert.Equal(Reasons.AuthorizationValueMismatch, RequiredOf(response).Error);
        Assert.Equal(0, Forwarded(walletId));
        Assert.Equal(0, await silo.BalanceAsync(walletId));
    }

    [Fact]
    public async Task A_top_up_too_small_for_the_call_is_kept_in_the_wallet_and_the_402_asks_again_with_both_x402_headers()
    {
        var (walletId, key) = await EmptyWalletAsync();
        // o1-pro's prompt alone (USD 150 per million tokens, ~6,000 tokens) costs more than the top-up.
        var body = $$"""{"model":"o1-pro","max_tokens":16,"messages":[{"role":"user","content":"For {{walletId}} {{string.Concat(Enumerable.Repeat(" word", 6_000))}}"}]}""";
        using var unpaid = await Call(ChatPath, body, key);

        using var paid = await Call(ChatPath, body, key, Sign(walletId, RequiredOf(unpaid), AnvilAccounts.Key(7)));

        Assert.Equal(PaymentRequirementsFactory.PaymentRequiredError, RequiredOf(paid).Error);
        Assert.True(paid.Headers.Contains(X402Headers.PaymentResponse), "the caller learns its payment was taken");
        var exposed = string.Join(",", paid.Headers.GetValues("Access-Control-Expose-Headers"));
        Assert.Contains(X402Headers.PaymentRequired, exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(X402Headers.PaymentResponse, exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("insufficient_funds", (await Json(paid)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(0, Forwarded(walletId));
        Assert.Equal(TopUpSilo.GatewayTopUpNanos, await silo.BalanceAsync(walletId));
    }

    [Fact]
    public async Task An_empty_wallet_calling_messages_is_answered_402_as_an_Anthropic_billing_error_with_the_top_up_to_pay()
    {
        var (walletId, key) = await EmptyWalletAsync();

        using var response = await Call(MessagesPath, MessagesBody(walletId), key);

        var required = RequiredOf(response);
        var body = await Json(response);
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("billing_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetProperty("message").GetString()));
        Assert.False(body.TryGetProperty("code", out _));
        var option = Assert.Single(required.Accepts);
        Assert.Equal((TopUpSilo.GatewayTopUpNanos / 1_000).ToString(CultureInfo.InvariantCulture), option.Amount);
        Assert.Equal(silo.PayTo.ToString(), option.PayTo);
        Assert.EndsWith(MessagesPath, required.Resource.Url);
        Assert.Equal(0, Forwarded(walletId));
    }

    [Fact]
    public async Task Paying_the_402_of_messages_serves_the_Anthropic_call_in_the_same_request()
    {
        var (walletId, key) = await EmptyWalletAsync();
        using var unpaid = await Call(MessagesPath, MessagesBody(walletId), key);

        using var paid = await Call(MessagesPath, MessagesBody(walletId), key, Sign(walletId, RequiredOf(unpaid), AnvilAccounts.Key(7)));

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var content = (await Json(paid)).GetProperty("content")[0].GetProperty("text").GetString();
        Assert.False(string.IsNullOrWhiteSpace(content));
        Assert.True(paid.Headers.Contains(X402Headers.PaymentResponse));
        Assert.Equal(1, Forwarded(walletId));
        Assert.Equal(TopUpSilo.GatewayTopUpNanos - CostNanos(paid), await silo.BalanceAsync(walletId));
    }

    [Fact]
    public async Task A_paid_streaming_call_carries_PAYMENT_RESPONSE_in_the_headers_before_the_stream()
    {
        var (walletId, key) = await EmptyWalletAsync();
        using var unpaid = await Call(ChatPath, ChatBody(walletId, stream: true), key);

        using var paid = await Call(ChatPath, ChatBody(walletId, stream: true), key, Sign(walletId, RequiredOf(unpaid), AnvilAccounts.Key(7)));

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal("text/event-stream", paid.Content.Headers.ContentType?.MediaType);
        Assert.True(paid.Headers.Contains(X402Headers.PaymentResponse));
        Assert.Contains("data: [DONE]", await paid.Content.ReadAsStringAsync());
        Assert.Single(TopUpGrants(await silo.LedgerAsync(walletId)));
        Assert.Equal(1, Forwarded(walletId));
    }

    [Fact]
    public async Task The_OpenAI_SDK_calling_an_empty_wallet_raises_ClientResultException_402_and_with_the_payment_added_is_served()
    {
        var (walletId, key) = await EmptyWalletAsync();
        var prompt = new UserChatMessage($"For {walletId} fake:output=5");
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 16 };

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => OpenAIChat(key).CompleteChatAsync([prompt], options));

        Assert.Equal(402, refused.Status);
        Assert.Contains("insufficient_funds", refused.Message);
        var raw = refused.GetRawResponse()!;
        Assert.True(raw.Headers.TryGetValue(X402Headers.PaymentRequired, out var requiredHeader));
        Assert.Equal(0, Forwarded(walletId));

        // An agent that speaks x402 adds the payment to the same SDK call and tries again.
        var signature = Sign(walletId, X402Headers.DecodePaymentRequired(requiredHeader!), AnvilAccounts.Key(7));
        ClientResult<ChatCompletion> served = await OpenAIChat(key, signature).CompleteChatAsync([prompt], options);

        Assert.False(string.IsNullOrWhiteSpace(served.Value.Content[0].Text));
        Assert.True(served.GetRawResponse().Headers.TryGetValue(X402Headers.PaymentResponse, out _));
        Assert.Equal(1, Forwarded(walletId));
    }

    private ChatClient OpenAIChat(string key, string? paymentSignature = null)
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(silo.HttpAddress, "v1"), RetryPolicy = new ClientRetryPolicy(0) };
        if (paymentSignature is not null) options.AddPolicy(new HeaderPolicy(X402Headers.PaymentSignature, paymentSignature), PipelinePosition.PerCall);
        return new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient("gpt-4o-mini");
    }

    /// <summary>Adds one header to every request the SDK sends.</summary>
    private sealed class HeaderPolicy(string name, string value) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(name, value);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(name, value);
            await ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
