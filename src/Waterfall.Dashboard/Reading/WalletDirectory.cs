using Waterfall.Domain.Ledger;
using Waterfall.Ledger;

namespace Waterfall.Dashboard.Reading;

/// <summary>
/// The tenant's wallets, as the ledger knows them: every wallet that was ever opened, read from the
/// tenant-wide index of the journal (only its <see cref="TransactionKind.WalletOpened"/> entries), so
/// listing does not wake one grain per wallet; only the page shown asks its wallets for balances.
/// </summary>
public sealed class WalletDirectory(ILedgerReader ledger)
{
    private static readonly TransactionKind[] Opened = [TransactionKind.WalletOpened];

    /// <summary>Wallet ids containing <paramref name="search"/> (ordinal, case-insensitive), in the order asked, with their opening time.</summary>
    public async Task<IReadOnlyList<OpenedWallet>> ListAsync(string tenantId, string? search, WalletOrder order, CancellationToken cancellationToken)
    {
        var wallets = new List<OpenedWallet>();
        await foreach (var stored in ledger.ReadTenantAsync(tenantId, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Opened, cancellationToken))
        {
            var id = stored.Wallet.WalletId;
            if (string.IsNullOrEmpty(search) || id.Contains(search, StringComparison.OrdinalIgnoreCase))
                wallets.Add(new OpenedWallet(id, stored.Event.At));
        }
        return order switch
        {
            WalletOrder.Newest => [.. wallets.OrderByDescending(w => w.OpenedAt).ThenBy(w => w.WalletId, StringComparer.Ordinal)],
            WalletOrder.Oldest => [.. wallets.OrderBy(w => w.OpenedAt).ThenBy(w => w.WalletId, StringComparer.Ordinal)],
            _ => [.. wallets.OrderBy(w => w.WalletId, StringComparer.Ordinal)],
        };
    }
}

public sealed record OpenedWallet(string WalletId, DateTimeOffset OpenedAt);

public enum WalletOrder
{
    Id,
    Newest,
    Oldest,
}
