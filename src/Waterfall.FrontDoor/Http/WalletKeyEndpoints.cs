using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Waterfall.Contracts.Keys;
using Waterfall.FrontDoor.Auth;

namespace Waterfall.FrontDoor.Http;

/// <summary>
/// Wallet keys over plain HTTP, admin scope (<c>Authorization: Bearer</c> or <c>x-api-key</c>):
/// <c>POST /v1/wallets/{id}/keys</c> with <c>{name, agent_id, allowed_models, per_request_cap: {value, unit: "usd"}}</c>
/// answers 201 with the key and its secret (the whole key text, shown only here); <c>GET</c> lists the
/// wallet's keys without secrets; <c>DELETE /v1/wallets/{id}/keys/{keyId}</c> revokes one. Refusals are
/// problem documents whose <c>reason</c> is the gRPC API's.
/// </summary>
public static class WalletKeyEndpoints
{
    public static IEndpointRouteBuilder MapWalletKeys(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/wallets/{walletId}/keys", CreateAsync);
        endpoints.MapGet("/v1/wallets/{walletId}/keys", ListAsync);
        endpoints.MapDelete("/v1/wallets/{walletId}/keys/{keyId}", RevokeAsync);
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(string walletId, HttpContext http, WalletKeys keys, TenantDirectory tenants)
    {
        var caller = Admin(http, tenants, out var denied);
        if (caller is null) return denied!;
        var (request, invalid) = await ReadAsync(walletId, http.Request);
        if (invalid is not null) return invalid;
        var answer = await keys.CreateAsync(caller.TenantId, request!, http.RequestAborted);
        if (answer.Value is not { } issued) return HttpProblems.From(answer.Refusal!);
        return Results.Json(Describe(issued.Key, issued.Text), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(string walletId, HttpContext http, WalletKeys keys, TenantDirectory tenants)
    {
        var caller = Admin(http, tenants, out var denied);
        if (caller is null) return denied!;
        var answer = await keys.ListAsync(caller.TenantId, walletId, http.RequestAborted);
        return answer.Value is { } list
            ? Results.Json(new { keys = list.Select(k => Describe(k, null)).ToArray() })
            : HttpProblems.From(answer.Refusal!);
    }

    private static async Task<IResult> RevokeAsync(string walletId, string keyId, HttpContext http, WalletKeys keys, TenantDirectory tenants)
    {
        var caller = Admin(http, tenants, out var denied);
        if (caller is null) return denied!;
        var answer = await keys.RevokeAsync(caller.TenantId, walletId, keyId, http.RequestAborted);
        return answer.Value is { } key ? Results.Json(Describe(key, null)) : HttpProblems.From(answer.Refusal!);
    }

    private static Caller? Admin(HttpContext http, TenantDirectory tenants, out IResult? denied)
    {
        var caller = tenants.Authenticate(http.Request.Headers.Authorization, http.Request.Headers["x-api-key"], ApiScope.Admin, out var refusal);
        denied = caller is null ? HttpProblems.From(refusal!) : null;
        return caller;
    }

    /// <summary>The create body; every field optional, but a field of the wrong JSON type is a field violation, never ignored.</summary>
    private static async Task<(WalletKeyRequest? Request, IResult? Invalid)> ReadAsync(string walletId, HttpRequest http)
    {
        string? name = null, agentId = null;
        var models = new List<string>();
        Contracts.Amount? cap = null;
        if (http.ContentLength is > 0 || http.Headers.TransferEncoding.Count > 0)
        {
            JsonDocument body;
            try
            {
                body = await JsonDocument.ParseAsync(http.Body, cancellationToken: http.HttpContext.RequestAborted);
            }
            catch (JsonException)
            {
                return (null, HttpProblems.Invalid("body", "is not JSON"));
            }
            using (body)
            {
                var root = body.RootElement;
                if (root.ValueKind != JsonValueKind.Object) return (null, HttpProblems.Invalid("body", "must be a JSON object"));
                if (!OptionalString(root, "name", out name)) return (null, HttpProblems.Invalid("name", "must be a string"));
                if (!OptionalString(root, "agent_id", out agentId)) return (null, HttpProblems.Invalid("agent_id", "must be a string"));
                if (root.TryGetProperty("allowed_models", out var list) && list.ValueKind != JsonValueKind.Null)
                {
                    if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String))
                        return (null, HttpProblems.Invalid("allowed_models", "must be an array of model ids"));
                    models.AddRange(list.EnumerateArray().Select(m => m.GetString()!));
                }
                if (root.TryGetProperty("per_request_cap", out var amount) && amount.ValueKind != JsonValueKind.Null)
                {
                    if (amount.ValueKind != JsonValueKind.Object
                        || !amount.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var nanos))
                        return (null, HttpProblems.Invalid("per_request_cap", "must be {\"value\": <integer nano-dollars>, \"unit\": \"usd\"}"));
                    if (!OptionalString(amount, "unit", out var unit)) return (null, HttpProblems.Invalid("per_request_cap.unit", "must be a string"));
                    cap = new Contracts.Amount(nanos, unit ?? "");
                }
            }
        }
        return (new WalletKeyRequest(walletId, name, agentId, models, cap), null);
    }

    private static bool OptionalString(JsonElement parent, string property, out string? value)
    {
        value = null;
        if (!parent.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null) return true;
        if (element.ValueKind != JsonValueKind.String) return false;
        value = element.GetString();
        return true;
    }

    private static object Describe(WalletKeyRecord key, string? secret) => new
    {
        key_id = key.KeyId,
        secret,
        wallet_id = key.WalletId,
        agent_id = key.AgentId,
        allowed_models = key.AllowedModels,
        per_request_cap = key.PerRequestCap is { } cap ? new { value = cap, unit = "usd" } : null,
        name = key.Name,
        created_at = key.CreatedAt,
        revoked_at = key.RevokedAt,
    };
}
