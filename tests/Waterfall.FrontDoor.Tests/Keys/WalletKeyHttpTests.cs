using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Waterfall.FrontDoor.Tests.Keys.WalletKeyKit;

namespace Waterfall.FrontDoor.Tests.Keys;

/// <summary>The wallet key endpoints of the HTTP API (KeyService, transcoded): the same keys, problem documents for refusals.</summary>
public class WalletKeyHttpTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private HttpClient Http(string? apiKey = SiloFixture.AdminKey, bool asHeader = false)
    {
        var http = new HttpClient { BaseAddress = silo.HttpAddress };
        if (apiKey is not null)
        {
            if (asHeader) http.DefaultRequestHeaders.Add("x-api-key", apiKey);
            else http.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        }
        return http;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Body(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Create_answers_the_secret_once_and_the_list_never_shows_it()
    {
        var walletId = await silo.NewWalletAsync();
        using var http = Http();

        using var created = await http.PostAsync($"/v1/wallets/{walletId}/keys", Json("""
            {"name": "batch jobs", "agent_id": "agent-9", "allowed_models": ["gpt-4o"], "per_request_cap": {"value": 20000000, "unit": "usd"}}
            """));
        var key = await Body(created);
        using var listed = await http.GetAsync($"/v1/wallets/{walletId}/keys");
        var list = (await Body(listed)).GetProperty("keys");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var keyId = key.GetProperty("keyId").GetString()!;
        var secret = key.GetProperty("secret").GetString()!;
        Assert.StartsWith($"wf_wk_{keyId}_", secret);
        Assert.Equal("batch jobs", key.GetProperty("name").GetString());
        Assert.Equal("agent-9", key.GetProperty("agentId").GetString());
        Assert.Equal(20_000_000, key.GetProperty("perRequestCap").GetProperty("value").GetInt64());
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var only = Assert.Single(list.EnumerateArray());
        Assert.Equal(keyId, only.GetProperty("keyId").GetString());
        Assert.Equal("", only.GetProperty("secret").GetString());
        Assert.DoesNotContain(secret[^20..], list.GetRawText());
        var grantee = await silo.ResolveAsync(secret);
        Assert.Equal((walletId, "agent-9", 20_000_000L), (grantee?.WalletId, grantee?.AgentId, grantee?.PerRequestCap));
    }

    [Fact]
    public async Task Delete_revokes_the_key_and_a_second_delete_answers_the_same()
    {
        var walletId = await silo.NewWalletAsync();
        using var http = Http(asHeader: true);
        using var created = await http.PostAsync($"/v1/wallets/{walletId}/keys", Json("{}"));
        var key = await Body(created);
        var keyId = key.GetProperty("keyId").GetString();

        using var first = await http.DeleteAsync($"/v1/wallets/{walletId}/keys/{keyId}");
        var revoked = await Body(first);
        using var second = await http.DeleteAsync($"/v1/wallets/{walletId}/keys/{keyId}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(JsonValueKind.String, revoked.GetProperty("revokedAt").ValueKind);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(revoked.GetRawText(), (await Body(second)).GetRawText());
        Assert.Null(await silo.ResolveAsync(key.GetProperty("secret").GetString()!));
    }

    [Fact]
    public async Task A_key_can_be_created_without_a_body()
    {
        var walletId = await silo.NewWalletAsync();
        using var http = Http();

        using var created = await http.PostAsync($"/v1/wallets/{walletId}/keys", null);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.NotNull(await silo.ResolveAsync((await Body(created)).GetProperty("secret").GetString()!));
    }

    [Theory]
    [InlineData("""{"per_request_cap": {"value": -5, "unit": "usd"}}""", "per_request_cap.value")]
    [InlineData("""{"per_request_cap": {"value": 5, "unit": "eur"}}""", "per_request_cap.unit")]
    [InlineData("""{"allowed_models": ["gpt-4o", "not-a-model"]}""", "allowed_models[1]")]
    [InlineData("""{"agent_id": "has space"}""", "agent_id")]
    public async Task Bad_input_is_a_400_problem_with_the_field_and_creates_no_key(string json, string field)
    {
        var walletId = await silo.NewWalletAsync();
        using var http = Http();

        using var response = await http.PostAsync($"/v1/wallets/{walletId}/keys", Json(json));
        var problem = await Body(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("INVALID_ARGUMENT", problem.GetProperty("reason").GetString());
        Assert.Contains(problem.GetProperty("violations").EnumerateArray(), v => v.GetProperty("field").GetString() == field);
        using var listed = await http.GetAsync($"/v1/wallets/{walletId}/keys");
        Assert.Empty((await Body(listed)).GetProperty("keys").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"per_request_cap": {"value": 1.5, "unit": "usd"}}""")]
    [InlineData("""{"per_request_cap": 5}""")]
    [InlineData("""{"allowed_models": "gpt-4o"}""")]
    [InlineData("""{"name": 7}""")]
    [InlineData("""[1, 2]""")]
    [InlineData("""{"name": """)]
    public async Task A_body_that_does_not_fit_the_message_is_a_400_malformed_request_and_creates_no_key(string json)
    {
        var walletId = await silo.NewWalletAsync();
        using var http = Http();

        using var response = await http.PostAsync($"/v1/wallets/{walletId}/keys", Json(json));
        var problem = await Body(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("MALFORMED_REQUEST", problem.GetProperty("reason").GetString());
        using var listed = await http.GetAsync($"/v1/wallets/{walletId}/keys");
        Assert.Empty((await Body(listed)).GetProperty("keys").EnumerateArray());
    }

    [Fact]
    public async Task A_missing_wallet_is_a_404_problem()
    {
        using var http = Http();

        using var response = await http.PostAsync($"/v1/wallets/{NewWalletId()}/keys", Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("WALLET_NOT_FOUND", (await Body(response)).GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(SiloFixture.MeterKey, HttpStatusCode.Forbidden, "PERMISSION_DENIED")]
    [InlineData(SiloFixture.ReadKey, HttpStatusCode.Forbidden, "PERMISSION_DENIED")]
    [InlineData("not-a-key", HttpStatusCode.Unauthorized, "UNAUTHENTICATED")]
    [InlineData(null, HttpStatusCode.Unauthorized, "UNAUTHENTICATED")]
    public async Task Only_admin_keys_manage_wallet_keys(string? apiKey, HttpStatusCode status, string reason)
    {
        var walletId = await silo.NewWalletAsync();
        using var admin = Http();
        using var created = await admin.PostAsync($"/v1/wallets/{walletId}/keys", Json("{}"));
        var keyId = (await Body(created)).GetProperty("keyId").GetString();
        using var http = Http(apiKey);

        using var create = await http.PostAsync($"/v1/wallets/{walletId}/keys", Json("{}"));
        using var list = await http.GetAsync($"/v1/wallets/{walletId}/keys");
        using var revoke = await http.DeleteAsync($"/v1/wallets/{walletId}/keys/{keyId}");

        foreach (var response in new[] { create, list, revoke })
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(reason, (await Body(response)).GetProperty("reason").GetString());
        }
        using var after = await admin.GetAsync($"/v1/wallets/{walletId}/keys");
        var only = Assert.Single((await Body(after)).GetProperty("keys").EnumerateArray());
        Assert.False(only.TryGetProperty("revokedAt", out _));
    }

    [Fact]
    public async Task Another_tenant_gets_not_found_for_the_wallet_and_its_keys()
    {
        var (walletId, key) = await silo.WalletWithKeyAsync();
        using var other = Http(SiloFixture.OtherTenantKey);

        using var list = await other.GetAsync($"/v1/wallets/{walletId}/keys");
        using var revoke = await other.DeleteAsync($"/v1/wallets/{walletId}/keys/{key.KeyId}");

        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal("WALLET_NOT_FOUND", (await Body(list)).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.Equal("WALLET_KEY_NOT_FOUND", (await Body(revoke)).GetProperty("reason").GetString());
        Assert.NotNull(await silo.ResolveAsync(key.Secret));
    }
}
