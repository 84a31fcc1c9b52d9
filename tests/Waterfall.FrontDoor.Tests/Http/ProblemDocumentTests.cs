using System.Net;
using static Waterfall.FrontDoor.Tests.Http.RestKit;

namespace Waterfall.FrontDoor.Tests.Http;

/// <summary>A refused HTTP/JSON call: an application/problem+json document whose reason is the gRPC ErrorInfo's, and nothing changed.</summary>
public class ProblemDocumentTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static async Task<System.Text.Json.JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Body();
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.Equal(reason, problem.GetProperty("title").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal("waterfall.dev", problem.GetProperty("domain").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        return problem;
    }

    [Fact]
    public async Task A_missing_wallet_is_a_404_wallet_not_found()
    {
        using var http = silo.Rest();

        using var response = await http.GetAsync($"/v1/wallets/w-{Guid.NewGuid():N}");

        await Problem(response, HttpStatusCode.NotFound, "WALLET_NOT_FOUND");
    }

    [Fact]
    public async Task A_debit_the_wallet_cannot_cover_is_a_409_insufficient_funds_with_its_metadata_and_charges_nothing()
    {
        using var http = silo.Rest();
        var walletId = await http.FundedWalletAsync(1_000);

        using var response = await http.PostAsync($"/v1/wallets/{walletId}/debit", Json("""{"idempotency_key": "too-much", "amount": {"amount": {"value": 5000, "unit": "usd"}}}"""));

        var problem = await Problem(response, HttpStatusCode.Conflict, "INSUFFICIENT_FUNDS");
        var grpc = await Assert.ThrowsAsync<Waterfall.Client.WaterfallException>(() => silo.Client().DebitAsync(walletId, new Api.V1.Amount { Value = 5000, Unit = "usd" }, "too-much-grpc"));
        Assert.Equal(grpc.Metadata.OrderBy(m => m.Key), problem.GetProperty("metadata").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).OrderBy(m => m.Key));
        Assert.Equal(1_000, (await silo.Client().GetWalletAsync(walletId)).Balances.Single().Available);
    }

    [Fact]
    public async Task Invalid_fields_are_a_400_invalid_argument_with_every_violation()
    {
        using var http = silo.Rest();
        var walletId = await http.FundedWalletAsync();

        using var response = await http.PostAsync($"/v1/wallets/{walletId}/debit", Json("""{"idempotency_key": "bad key!", "amount": {"amount": {"value": -5, "unit": "usd"}}}"""));

        var problem = await Problem(response, HttpStatusCode.BadRequest, "INVALID_ARGUMENT");
        var fields = problem.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("field").GetString()).ToList();
        Assert.Contains("idempotency_key", fields);
        Assert.Contains("charge.amount.value", fields);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task A_call_without_a_valid_key_is_a_401_unauthenticated(string? apiKey)
    {
        using var http = silo.Rest(apiKey);

        using var response = await http.GetAsync("/v1/wallets/anything");

        await Problem(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Json_that_is_not_the_message_is_a_400_malformed_request_and_logs_no_stack_trace()
    {
        using var http = silo.Rest();
        var walletId = await http.FundedWalletAsync();
        var before = silo.Logs.Lines.Count;

        using var response = await http.PostAsync($"/v1/wallets/{walletId}/debit", Json("""{"idempotency_key": """));

        await Problem(response, HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
        Assert.DoesNotContain(silo.Logs.Lines.Skip(before), line => line.Exception is not null);
    }
}
