namespace Waterfall.Gateway.Auth;

/// <summary>
/// Who pays for a call: the tenant and wallet its key names (a wallet key) or that a tenant's meter key
/// chose with <c>X-Waterfall-Wallet</c>, and the limits the key itself adds to the wallet's policy.
/// </summary>
public sealed record GatewayCaller(
    string TenantId,
    string WalletId,
    string? AgentId,
    IReadOnlyList<string> AllowedModels,
    long? PerRequestCap)
{
    public bool MayUse(string model) => AllowedModels.Count == 0 || AllowedModels.Contains(model, StringComparer.Ordinal);
}
