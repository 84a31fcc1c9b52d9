using Microsoft.AspNetCore.Http;
using Waterfall.FrontDoor.Auth;
using Waterfall.Gateway.Protocols;
using Identifier = Waterfall.Domain.Identifier;

namespace Waterfall.Gateway.Auth;

/// <summary>
/// Reads the caller from an SDK's own headers: <c>Authorization: Bearer</c> (OpenAI) or <c>x-api-key</c>
/// (Anthropic). A wallet key names its wallet, and reaches only that wallet whatever headers come with it;
/// a tenant key of meter scope names the wallet in <c>X-Waterfall-Wallet</c>, for platforms that proxy many users.
/// </summary>
public sealed class GatewayAuthenticator(TenantDirectory tenants, WalletKeys walletKeys)
{
    public const string WalletHeader = "X-Waterfall-Wallet";
    public const string AgentHeader = "X-Waterfall-Agent";

    /// <param name="walletRequired">False for calls that charge nothing (listing models): a tenant key then needs no wallet header.</param>
    public async Task<(GatewayCaller? Caller, ProtocolError? Error)> AuthenticateAsync(HttpRequest request, WireProtocol protocol, bool walletRequired = true)
    {
        var key = PresentedKey(request);
        if (key is null)
            return (null, ProtocolErrors.Create(protocol, StatusCodes.Status401Unauthorized, "invalid_api_key",
                "An API key is required: Authorization: Bearer <key>, or x-api-key: <key>."));

        if (WalletKeys.LooksLikeWalletKey(key))
        {
            var grantee = await walletKeys.ResolveAsync(key, request.HttpContext.RequestAborted);
            if (grantee is null) return (null, InvalidKey(protocol));
            return (new GatewayCaller(grantee.TenantId, grantee.WalletId, grantee.AgentId ?? Header(request, AgentHeader), grantee.AllowedModels, grantee.PerRequestCap), null);
        }

        var tenant = tenants.Authenticate($"Bearer {key}", null, ApiScope.Meter, out var refusal);
        if (tenant is null)
            return refusal!.Reason == Domain.Reasons.PermissionDenied
                ? (null, ProtocolErrors.Create(protocol, StatusCodes.Status403Forbidden, "permission_denied", refusal.Message))
                : (null, InvalidKey(protocol));
        var wallet = Header(request, WalletHeader);
        if (wallet is null && !walletRequired) return (new GatewayCaller(tenant.TenantId, "", null, [], null), null);
        if (wallet is null)
            return (null, ProtocolErrors.Create(protocol, StatusCodes.Status400BadRequest, "wallet_required",
                $"A tenant API key must name the wallet to charge in the {WalletHeader} header (or use the wallet's own key)."));
        if (!Identifier.IsValid(wallet))
            return (null, ProtocolErrors.Create(protocol, StatusCodes.Status400BadRequest, "invalid_wallet",
                $"{WalletHeader} must be 1-128 characters of letters, digits and . _ : -"));
        return (new GatewayCaller(tenant.TenantId, wallet, Header(request, AgentHeader), [], null), null);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7)
            return authorization[7..].Trim();
        var apiKey = request.Headers["x-api-key"].ToString().Trim();
        return apiKey.Length > 0 ? apiKey : null;
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers[name].ToString() is { Length: > 0 } value ? value.Trim() : null;

    private static ProtocolError InvalidKey(WireProtocol protocol) =>
        ProtocolErrors.Create(protocol, StatusCodes.Status401Unauthorized, "invalid_api_key", "The API key is not valid (unknown, revoked or malformed).");
}
