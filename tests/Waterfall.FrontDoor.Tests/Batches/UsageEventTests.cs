using System.Net;
using Waterfall.Api.V1;
using static Waterfall.FrontDoor.Tests.Batches.BatchKit;

namespace Waterfall.FrontDoor.Tests.Batches;

/// <summary>POST /v1/events: CloudEvents 1.0 usage ingestion, one result per event.</summary>
public class UsageEventTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private const string Batch = "application/cloudevents-batch+json";

    [Fact]
    public async Task A_batch_of_events_answers_one_result_per_event_with_its_id()
    {
        var wallet = await silo.FundedWalletAsync(1_000_000_000);
        using var http = silo.Http();

        using var response = await http.PostAsync("/v1/events", Body($$$$"""
            [
              {"specversion": "1.0", "id": "evt-1", "source": "/agents/a1", "type": "waterfall.usage", "subject": "{{{{wallet}}}}",
               "agentid": "a1", "data": {"model": "gpt-4o", "input_tokens": 1200, "output_tokens": 300}},
              {"specversion": "1.0", "id": "evt-2", "source": "/agents/a1", "type": "com.openai.usage", "subject": "{{{{wallet}}}}",
               "data": {"model": "gpt-4o", "usage": {"prompt_tokens": 1500, "completion_tokens": 300, "prompt_tokens_details": {"cached_tokens": 300} } } },
              {"specversion": "1.0", "id": "evt-3", "source": "/jobs", "type": "waterfall.debit", "subject": "{{{{wallet}}}}",
               "datacontenttype": "application/json", "data": {"amount": {"value": 5000, "unit": "usd"}, "metric": "requests"}},
              {"specversion": "1.0", "id": "evt-1", "source": "/agents/a1", "type": "waterfall.usage", "subject": "{{{{wallet}}}}",
               "agentid": "a1", "data": {"model": "gpt-4o", "input_tokens": 1200, "output_tokens": 300}},
              {"specversion": "1.0", "source": "/x", "type": "waterfall.usage", "subject": "{{{{wallet}}}}", "data": {"model": "gpt-4o"}},
              {"specversion": "1.0", "id": "evt-6", "source": "/x", "type": "waterfall.usage", "data": {"model": "gpt-4o"}},
              {"id": "evt-7", "source": "/x", "type": "waterfall.usage", "subject": "{{{{wallet}}}}", "data": {"model": "gpt-4o"}},
              {"specversion": "1.0", "id": "evt-8", "source": "/x", "type": "com.example.other", "subject": "{{{{wallet}}}}", "data": {}},
              "not an event"
            ]
            """, Batch));
        var results = (await response.JsonAsync()).GetProperty("results").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["evt-1", "evt-2", "evt-3", "evt-1", null, "evt-6", "evt-7", "evt-8", null], results.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(["accepted", "accepted", "accepted", "replayed", "refused", "refused", "refused", "refused", "refused"], results.Select(r => r.Outcome()));
        Assert.All(results.Skip(4), r => Assert.Equal("INVALID_ARGUMENT", r.GetProperty("refused").GetProperty("reason").GetString()));
        string Violated(int i) => results[i].GetProperty("refused").GetProperty("fieldViolations")[0].GetProperty("field").GetString()!;
        Assert.Equal(["id", "subject", "specversion", "type", "event"], new[] { 4, 5, 6, 7, 8 }.Select(Violated));

        using var client = silo.Client();
        var openAi = await client.QuoteAsync(new LlmUsage { Model = "gpt-4o", InputTokens = 1_200, CacheReadTokens = 300, OutputTokens = 300 });
        Assert.Equal("6000000", results[0].GetProperty("accepted").GetProperty("coverage").GetProperty("moneyCost").GetString());
        Assert.Equal(openAi.CostNanos.ToString(System.Globalization.CultureInfo.InvariantCulture), results[1].GetProperty("accepted").GetProperty("coverage").GetProperty("moneyCost").GetString());
        Assert.Equal(1_000_000_000 - 6_000_000 - openAi.CostNanos - 5_000, await silo.UsdTotalAsync(wallet));
        var ledger = await client.ListLedgerAsync(wallet).ToListAsync();
        Assert.Equal("a1", ledger.Single(t => t.IdempotencyKey == "evt-1").Attribution.AgentId);
    }

    [Fact]
    public async Task A_single_event_answers_one_result()
    {
        var wallet = await silo.FundedWalletAsync(10_000);
        using var http = silo.Http();

        using var response = await http.PostAsync("/v1/events", Body($$$$"""
            {"specversion": "1.0", "id": "one", "source": "/jobs", "type": "waterfall.debit", "subject": "{{{{wallet}}}}", "data": {"amount": {"value": 20000, "unit": "usd"}}}
            """, "application/cloudevents+json"));
        var result = Assert.Single((await response.JsonAsync()).GetProperty("results").EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("INSUFFICIENT_FUNDS", result.GetProperty("refused").GetProperty("reason").GetString());
        Assert.Equal(10_000, await silo.UsdTotalAsync(wallet));
    }

    [Theory]
    [InlineData("this is not JSON", Batch)]
    [InlineData("[{\"specversion\": \"1.0\", \"id\": \"cut\", \"source\": \"/x\", \"type\": \"waterfall.debit\", \"subject\": \"WALLET\", \"data\": {\"amount\": {\"value\": 5, \"unit\": \"usd\"}}}, {\"id\":", Batch)]
    [InlineData("{\"specversion\": \"1.0\", \"id\": \"one\", \"source\": \"/x\", \"type\": \"waterfall.debit\", \"subject\": \"WALLET\", \"data\": {\"amount\": {\"value\": 5, \"unit\": \"usd\"}}}", Batch)]
    [InlineData("42", "application/json")]
    public async Task A_body_that_is_not_events_is_a_problem_document_and_debits_nothing(string body, string mediaType)
    {
        var wallet = await silo.FundedWalletAsync(1_000);
        using var http = silo.Http();

        using var response = await http.PostAsync("/v1/events", Body(body.Replace("WALLET", wallet, StringComparison.Ordinal), mediaType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("INVALID_ARGUMENT", (await response.JsonAsync()).GetProperty("reason").GetString());
        Assert.Equal(1_000, await silo.UsdTotalAsync(wallet));
    }

    [Fact]
    public async Task Events_need_a_meter_key()
    {
        using var http = silo.Http(SiloFixture.ReadKey);

        using var response = await http.PostAsync("/v1/events", Body("[]", Batch));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("PERMISSION_DENIED", (await response.JsonAsync()).GetProperty("reason").GetString());
    }
}
