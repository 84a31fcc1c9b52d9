using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Waterfall.Contracts;
using Waterfall.Gateway.Auth;
using Waterfall.Gateway.Calls;
using Waterfall.Gateway.Protocols;
using Identifier = Waterfall.Domain.Identifier;

namespace Waterfall.Gateway.Http;

/// <summary>
/// <c>GET /v1/calls/{requestId}</c>: what a metered call cost, read back afterwards by the request id the
/// gateway returned in <c>X-Waterfall-Request-Id</c> (or the client's own <c>Idempotency-Key</c>).
/// </summary>
public static class CallsEndpoint
{
    public static async Task GetAsync(string requestId, HttpContext http, GatewayAuthenticator authenticator, WalletGrains wallets)
    {
        var (caller, denied) = await authenticator.AuthenticateAsync(http.Request, WireProtocol.OpenAi);
        if (caller is null)
        {
            await GatewayReplies.WriteErrorAsync(http.Response, WireProtocol.OpenAi, denied!);
            return;
        }
        if (!Identifier.IsValid(requestId))
        {
            await GatewayReplies.WriteErrorAsync(http.Response, WireProtocol.OpenAi, ProtocolErrors.Create(WireProtocol.OpenAi, StatusCodes.Status400BadRequest,
                "invalid_request_id", "A request id is 1-128 characters of letters, digits and . _ : -"));
            return;
        }
        var record = await CallRecords.FindAsync(wallets.Get(caller.TenantId, caller.WalletId), requestId);
        if (record.State == CallState.Unknown)
        {
            await GatewayReplies.WriteErrorAsync(http.Response, WireProtocol.OpenAi, ProtocolErrors.Create(WireProtocol.OpenAi, StatusCodes.Status404NotFound,
                "call_not_found", $"Wallet {caller.WalletId} has no call with request id '{requestId}' (or it is older than the wallet remembers)."));
            return;
        }
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(new JsonObject
        {
            ["request_id"] = record.RequestId,
            ["wallet_id"] = caller.WalletId,
            ["state"] = record.State.ToString().ToLowerInvariant(),
            ["cost"] = record.CostNanos is { } cost ? GatewayReplies.Usd(cost) : null,
            ["hold_id"] = record.HoldId,
            ["ledger_sequence"] = record.Sequence,
        }.ToJsonString());
    }
}
