using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Waterfall.Fuzzing;

/// <summary>
/// The HTTP surfaces with mutated bodies and headers: the REST API (transcoded gRPC), wallet top-ups with mutated
/// x402 payloads (base64, JSON and field mutations), and the gateway's OpenAI and Anthropic endpoints. Never a 5xx
/// but the gateway's documented upstream answers, never a stack trace, never a write on a refusal.
/// </summary>
[Collection("fuzz")]
public sealed class HttpFuzzTests(FuzzSilo silo)
{
    private static readonly string[] ContentTypes = ["application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "", "application/grpc", "multipart/form-data; boundary=x"];

    private (string Path, string Body)[] RestSeeds() =>
    [
        ("/v1/wallets", """{"wallet_id":"w-new","idempotency_key":"k-open","billing_mode":"PREPAID"}"""),
        ($"/v1/wallets/{silo.VictimWallet}/grants", """{"idempotency_key":"k-g","kind":"purchased","amount":{"value":1000,"unit":"usd"},"cost_basis":"1","source":{"kind":"GRANT_SOURCE_KIND_OPERATOR"}}"""),
        ($"/v1/wallets/{silo.VictimWallet}/debit", """{"idempotency_key":"k-d","amount":{"amount":{"value":5,"unit":"usd"}},"attribution":{"agent_id":"a"}}"""),
        ($"/v1/wallets/{silo.VictimWallet}/debit", """{"idempotency_key":"k-u","usage":{"model":"gpt-4o","input_tokens":10,"output_tokens":5}}"""),
        ("/v1/wallets/debits:batch", """{"debits":[{"wallet_id":"VICTIM","idempotency_key":"k-b","amount":{"amount":{"value":1,"unit":"usd"}}}]}""".Replace("VICTIM", silo.VictimWallet, StringComparison.Ordinal)),
        ($"/v1/wallets/{silo.VictimWallet}/holds", """{"idempotency_key":"k-h","amount":{"amount":{"value":5,"unit":"usd"}},"ttl":"60s"}"""),
        ($"/v1/wallets/{silo.VictimWallet}/holds/h1:capture", """{"idempotency_key":"k-c","amount":{"amount":{"value":5,"unit":"usd"}}}"""),
        ($"/v1/wallets/{silo.VictimWallet}/keys", """{"name":"k","allowed_models":["gpt-4o"]}"""),
        ("/v1/pricing/quote", """{"usage":{"model":"gpt-4o","input_tokens":1}}"""),
        ($"/v1/wallets/{silo.VictimWallet}/top-ups:pay", """{"amount":{"value":1000000,"unit":"usd"},"payment_signature":"eyJ4NDAyVmVyc2lvbiI6Mn0="}"""),
    ];

    private static readonly (string Path, string Body)[] GatewaySeeds =
    [
        ("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"max_tokens":16}"""),
        ("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true}}"""),
        ("/v1/responses", """{"model":"gpt-4o-mini","input":"hi","max_output_tokens":16}"""),
        ("/v1/embeddings", """{"model":"text-embedding-3-small","input":["hi","there"]}"""),
        ("/v1/messages", """{"model":"claude-sonnet-4","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}"""),
    ];

    private const string PaymentSeed = """
        {"x402Version":2,"accepted":{"scheme":"exact","network":"eip155:8453","amount":"1000000","asset":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","payTo":"0x0000000000000000000000000000000000000001","maxTimeoutSeconds":60,"extra":{"name":"USD Coin","version":"2"}},
         "payload":{"signature":"0x00","authorization":{"from":"0x0000000000000000000000000000000000000002","to":"0x0000000000000000000000000000000000000001","value":"1000000","validAfter":"0","validBefore":"99999999999","nonce":"0x0000000000000000000000000000000000000000000000000000000000000001"}}}
        """;

    [Fact]
    public Task Mutated_REST_API_bodies_and_headers_answer_without_a_5xx_or_a_stack_trace_and_refusals_write_nothing() =>
        Fuzz("REST API", 2203, (random, _) =>
        {
            var seeds = RestSeeds();
            var (path, body) = seeds[random.Next(seeds.Length)];
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Body(random, Mutations.MutateJson(random, body)) };
            Authorize(random, request, FuzzSilo.AdminKey);
            return request;
        });

    [Fact]
    public Task Mutated_x402_payments_for_a_top_up_are_refused_without_a_5xx_or_a_stack_trace_and_credit_nothing() =>
        Fuzz("top-ups", 3307, (random, _) =>
        {
            var amount = random.Next(3) == 0 ? Uri.EscapeDataString(Mutations.HostileAscii(random)) : "1.00";
            var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/wallets/{silo.VictimWallet}/top-ups?amount={amount}");
            var json = Mutations.MutateJson(random, PaymentSeed);
            var header = random.Next(5) switch
            {
                0 => Mutations.HostileAscii(random),
                1 => Convert.ToBase64String(Mutations.MutateBytes(random, Encoding.UTF8.GetBytes(PaymentSeed))),
                2 => Convert.ToBase64String(Encoding.UTF8.GetBytes(json))[..^random.Next(0, 4)],
                _ => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)),
            };
            request.Headers.TryAddWithoutValidation(random.Next(2) == 0 ? "PAYMENT-SIGNATURE" : "X-PAYMENT", header);
            Authorize(random, request, FuzzSilo.AdminKey);
            return request;
        });

    [Fact]
    public Task Mutated_gateway_requests_answer_without_an_undocumented_5xx_or_a_stack_trace_and_refusals_charge_nothing() =>
        Fuzz("gateway", 4409, (random, _) =>
        {
            var (path, body) = GatewaySeeds[random.Next(GatewaySeeds.Length)];
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Body(random, Mutations.MutateJson(random, body)) };
            Authorize(random, request, silo.WalletKey);
            if (random.Next(3) == 0) request.Headers.TryAddWithoutValidation("Idempotency-Key", Mutations.HostileAscii(random));
            if (random.Next(4) == 0) request.Headers.TryAddWithoutValidation("anthropic-version", Mutations.HostileAscii(random));
            return request;
        }, moneyOnly: true, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout);

    private Task Fuzz(string surface, int seed, Func<Random, int, HttpRequestMessage> next) => Fuzz(surface, seed, next, moneyOnly: false);

    private async Task Fuzz(string surface, int seed, Func<Random, int, HttpRequestMessage> next, bool moneyOnly, params HttpStatusCode[] documented)
    {
        var before = await silo.VictimSequenceAsync();
        var money = await silo.VictimMoneyAsync();
        var statuses = new Dictionary<int, int>();
        await FuzzBudget.RunAsync(surface, FuzzBudget.Seed(seed), async (random, i) =>
        {
            using var request = next(random, i);
            var input = $"{request.Method} {request.RequestUri} {string.Join("; ", request.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}"))} {(request.Content is null ? "" : await request.Content.ReadAsStringAsync())}";
            using var response = await silo.Http.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            Verdicts.NoUndocumentedServerError(surface, input, response.StatusCode, documented);
            Verdicts.NoStackTrace(surface, input, answer + string.Join("\n", response.Headers.SelectMany(h => h.Value)));
            if (response.IsSuccessStatusCode)
            {
                before = await silo.VictimSequenceAsync();
                money = await silo.VictimMoneyAsync();
            }
            else if (moneyOnly)
            {
                var now = await silo.VictimMoneyAsync();
                Assert.True(now == money, $"{surface}: a refused input changed the victim's balances ({money} -> {now}): {Verdicts.Show(input)}");
                before = await silo.VictimSequenceAsync();
            }
            else
            {
                await Verdicts.NothingWrittenAsync(silo, surface, input, before);
            }
        });
        Console.WriteLine($"{surface} statuses: " + string.Join(", ", statuses.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value}")));
        Assert.True(await silo.VictimSequenceAsync() >= before, "the silo still answers after the run");
    }

    private static StringContent Body(Random random, string text)
    {
        var content = new StringContent(text, Encoding.UTF8);
        var type = random.Next(4) == 0 ? ContentTypes[random.Next(ContentTypes.Length)] : "application/json";
        content.Headers.Remove("Content-Type");
        if (type.Length > 0) content.Headers.TryAddWithoutValidation("Content-Type", type);
        return content;
    }

    private static void Authorize(Random random, HttpRequestMessage request, string key)
    {
        switch (random.Next(8))
        {
            case 0: break;
            case 1: request.Headers.TryAddWithoutValidation("Authorization", Mutations.HostileAscii(random)); break;
            case 2: request.Headers.TryAddWithoutValidation("x-api-key", Mutations.HostileAscii(random)); break;
            default: request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key); break;
        }
    }
}
