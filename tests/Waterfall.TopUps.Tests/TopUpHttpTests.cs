using System.Net;
using System.Text.Json;
using Waterfall.Chain.Crypto;
using Waterfall.ChainTestSupport;
using Waterfall.X402;

namespace Waterfall.TopUps.Tests;

[Collection("topups")]
public sealed class TopUpHttpTests(TopUpSilo silo)
{
    private static readonly EthPrivateKey Payer = AnvilAccounts.Key(3);

    private async Task<HttpResponseMessage> PostTopUp(string walletId, string amount, string? paymentSignature = null, string header = X402Headers.PaymentSignature, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/wallets/{walletId}/top-ups?amount={amount}{query}");
        if (paymentSignature is not null) request.Headers.TryAddWithoutValidation(header, paymentSignature);
        return await silo.Http.SendAsync(request);
    }

    private async Task<PaymentRequired> RequirementsFor(string walletId, string amount)
    {
        using var response = await PostTopUp(walletId, amount);
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        return X402Headers.DecodePaymentRequired(Assert.Single(response.Headers.GetValues(X402Headers.PaymentRequired)));
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task An_unpaid_top_up_answers_402_with_requirements_to_pay_the_treasury_the_exact_amount()
    {
        var walletId = await silo.NewWalletAsync();

        var required = await RequirementsFor(walletId, "2.50");

        var option = Assert.Single(required.Accepts);
        Assert.Equal("exact", option.Scheme);
        Assert.Equal(TopUpSilo.NetworkId, option.Network);
        Assert.Equal("2500000", option.Amount);
        Assert.Equal(silo.Chain.Token.ToString(), option.Asset);
        Assert.Equal(silo.PayTo.ToString(), option.PayTo);
        Assert.Equal("USD Coin", option.ExtraString("name"));
        Assert.Equal("2", option.ExtraString("version"));
        Assert.EndsWith($"/v1/wallets/{walletId}/top-ups", required.Resource.Url);
        Assert.Equal(0, await silo.BalanceAsync(walletId));
    }

    [Fact]
    public async Task A_payment_signed_by_the_x402_pay_command_credits_the_wallet_and_settles_on_chain()
    {
        var walletId = await silo.NewWalletAsync();
        var payToBefore = await silo.Chain.BalanceOfAsync(silo.PayTo);
        using var unpaid = await PostTopUp(walletId, "1.25");
        var requiredHeader = Assert.Single(unpaid.Headers.GetValues(X402Headers.PaymentRequired));

        var output = new StringWriter();
        var exit = await Silo.Commands.ChainCommands.RunAsync(
            ["x402", "pay", "--required", requiredHeader, "--key", AnvilAccounts.PrivateKeyHexes[3]], output, TextWriter.Null);
        Assert.Equal(0, exit);
        using var paid = await PostTopUp(walletId, "1.25", output.ToString().Trim());

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var settle = X402Headers.DecodePaymentResponse(Assert.Single(paid.Headers.GetValues(X402Headers.PaymentResponse)));
        Assert.True(settle.Success);
        Assert.Equal(TopUpSilo.NetworkId, settle.Network);
        Assert.Equal(Payer.Address.ToString(), settle.Payer, ignoreCase: true);
        var receipt = await silo.Chain.Client.GetTransactionReceiptAsync(Chain.Primitives.Bytes32.Parse(settle.Transaction));
        Assert.True(receipt!.Succeeded);
        var body = await Json(paid);
        Assert.Equal("settled", body.GetProperty("state").GetString());
        Assert.Equal(1_250_000_000, body.GetProperty("amount").GetProperty("value").GetInt64());
        Assert.Equal(1_250_000_000, await silo.BalanceAsync(walletId));
        Assert.Equal(payToBefore + 1_250_000, await silo.Chain.BalanceOfAsync(silo.PayTo));
    }

    [Fact]
    public async Task The_same_payment_sent_twice_credits_once_and_the_second_answer_says_replayed()
    {
        var walletId = await silo.NewWalletAsync();
        var required = await RequirementsFor(walletId, "0.75");
        var signature = X402Headers.EncodePaymentSignature(ExactEvmPayer.CreatePaymentPayload(required.Accepts[0], Payer, required.Resource));

        using var first = await PostTopUp(walletId, "0.75", signature);
        using var second = await PostTopUp(walletId, "0.75", signature);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False((await Json(first)).GetProperty("replayed").GetBoolean());
        Assert.True((await Json(second)).GetProperty("replayed").GetBoolean());
        Assert.Equal(750_000_000, await silo.BalanceAsync(walletId));
    }

    [Fact]
    public async Task A_payment_already_used_for_one_wallet_credits_nothing_to_another()
    {
        var first = await silo.NewWalletAsync();
        var second = await silo.NewWalletAsync();
        var required = await RequirementsFor(first, "0.10");
        var signature = X402Headers.EncodePaymentSignature(ExactEvmPayer.CreatePaymentPayload(required.Accepts[0], Payer, required.Resource));
        using var paid = await PostTopUp(first, "0.10", signature);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);

        using var again = await PostTopUp(second, "0.10", signature);

        Assert.Equal(HttpStatusCode.PaymentRequired, again.StatusCode);
        Assert.Equal("PAYMENT_INVALID", (await Json(again)).GetProperty("reason").GetString());
        Assert.Equal(0, await silo.BalanceAsync(second));
        Assert.Equal(100_000_000, await silo.BalanceAsync(first));
    }

    [Fact]
    public async Task A_v1_X_PAYMENT_top_up_is_credited_and_answered_with_X_PAYMENT_RESPONSE()
    {
        var walletId = await silo.NewWalletAsync();
        var resource = new Uri(silo.HttpAddress, $"/v1/wallets/{walletId}/top-ups").ToString();
        var networks = new X402Networks([X402Network.FromOptions("local", new X402NetworkOptions
        {
            Network = TopUpSilo.NetworkId, RpcUrl = silo.Chain.RpcUrl.ToString(), Asset = silo.Chain.Token.ToString(),
            AssetName = "USD Coin", AssetVersion = "2", V1Name = "local",
        })]);
        var requirements = new PaymentRequirementsFactory(networks).CreateV1(TopUpSilo.NetworkId, silo.PayTo, 500_000, resource);
        var payment = X402Headers.EncodeXPayment(ExactEvmPayer.CreatePaymentPayloadV1(requirements, Payer, networks));

        using var response = await PostTopUp(walletId, "0.50", payment, X402Headers.XPayment);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var settle = X402Headers.DecodeXPaymentResponse(Assert.Single(response.Headers.GetValues(X402Headers.XPaymentResponse)));
        Assert.True(settle.Success);
        Assert.False(response.Headers.Contains(X402Headers.PaymentResponse));
        Assert.Equal(500_000_000, await silo.BalanceAsync(walletId));
    }

    [Fact]
    public async Task A_top_up_without_an_api_key_is_401_and_for_an_unknown_wallet_404_before_anyone_pays()
    {
        using var anonymous = new HttpClient { BaseAddress = silo.HttpAddress };
        using var unauthenticated = await anonymous.PostAsync("/v1/wallets/any/top-ups?amount=1", null);
        using var unknown = await PostTopUp("no-such-wallet", "1");

        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal("UNAUTHENTICATED", (await Json(unauthenticated)).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("WALLET_NOT_FOUND", (await Json(unknown)).GetProperty("reason").GetString());
        Assert.False(unknown.Headers.Contains(X402Headers.PaymentRequired));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("0.0000001")]
    [InlineData("0.0000000001")]
    public async Task An_amount_that_is_not_a_positive_whole_number_of_USDC_units_is_a_400_problem(string amount)
    {
        var walletId = await silo.NewWalletAsync();

        using var response = await PostTopUp(walletId, amount);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("INVALID_ARGUMENT", (await Json(response)).GetProperty("reason").GetString());
    }
}
