using System.Security.Cryptography;
using System.Text;

namespace Waterfall.Domain.Events;

/// <summary>
/// One event a wallet announces to the platform. Derived from the posting that caused it and
/// written in the same durable batch, so its id is a pure function of that posting: a retried
/// write or a replayed delivery carries the same id, and a receiver deduplicates on it.
/// </summary>
/// <param name="Sequence">The wallet's ledger sequence of the posting that caused the event: per-wallet order.</param>
/// <param name="Index">The event's place among the events of that posting (a debit may leave a wallet both low and depleted).</param>
/// <param name="Payload">The type's JSON payload, in schema <see cref="Version"/> (see docs/events.md).</param>
public sealed record Announcement(
    string Id,
    string Type,
    DateTimeOffset At,
    string TenantId,
    string? WalletId,
    string? CustomerId,
    long Sequence,
    int Index,
    int Version,
    string Payload)
{
    /// <summary>
    /// <c>evt_</c>, a digest of tenant and wallet (ids may be 128 characters; a header should not be),
    /// then sequence and index: stable, unique per tenant, and sortable per wallet by eye.
    /// </summary>
    public static string IdFor(string tenantId, string? walletId, long sequence, int index)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenantId}/{walletId}"));
        return $"evt_{Convert.ToHexStringLower(digest, 0, 8)}_{sequence}_{index}";
    }
}
