namespace Waterfall.Contracts.Keys;

/// <summary>
/// What a new wallet key names and may do. A repeat with the same content answers the key it created;
/// the key grain stamps the creation time.
/// </summary>
[GenerateSerializer, Immutable, Alias("wf.CreateWalletKey")]
public sealed record CreateWalletKey(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string WalletId,
    [property: Id(2)] string Name,
    [property: Id(3)] string? AgentId,
    [property: Id(4)] string[] AllowedModels,
    [property: Id(5)] long? PerRequestCap,
    [property: Id(6)] byte[] SecretHash)
{
    /// <summary>True when <paramref name="key"/> was created from this same content.</summary>
    public bool Matches(WalletKeyRecord key) =>
        key.TenantId == TenantId && key.WalletId == WalletId && key.Name == Name && key.AgentId == AgentId
        && key.AllowedModels.SequenceEqual(AllowedModels, StringComparer.Ordinal) && key.PerRequestCap == PerRequestCap
        && key.SecretHash.AsSpan().SequenceEqual(SecretHash);
}
