// TEMPORARY stub of the keys helper's resolver, so the gateway compiles before the merge. Deleted at merge.
namespace Waterfall.FrontDoor.Auth;
public sealed record WalletKeyGrantee(string TenantId, string WalletId, string KeyId, string Name, string? AgentId, IReadOnlyList<string> AllowedModels, long? PerRequestCap);
public sealed class WalletKeys
{
    public static bool LooksLikeWalletKey(string key) => key.StartsWith("wf_wk_", StringComparison.Ordinal);
    public Task<WalletKeyGrantee?> ResolveAsync(string presentedKey, CancellationToken cancellationToken) => Task.FromResult<WalletKeyGrantee?>(null);
}
