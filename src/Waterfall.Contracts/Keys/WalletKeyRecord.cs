namespace Waterfall.Contracts.Keys;

/// <summary>
/// A wallet key as stored: who it names and what it may do. Only the SHA-256 of the key's secret is
/// kept, never the secret itself, so neither the store nor this record can give a working key back.
/// </summary>
[GenerateSerializer, Immutable, Alias("wf.WalletKeyRecord")]
public sealed record WalletKeyRecord(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string WalletId,
    [property: Id(3)] string Name,
    [property: Id(4)] string? AgentId,
    [property: Id(5)] string[] AllowedModels,
    [property: Id(6)] long? PerRequestCap,
    [property: Id(7)] byte[] SecretHash,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;

    public bool BelongsTo(string tenantId, string walletId) =>
        string.Equals(TenantId, tenantId, StringComparison.Ordinal) && string.Equals(WalletId, walletId, StringComparison.Ordinal);
}
