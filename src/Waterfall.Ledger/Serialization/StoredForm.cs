using Waterfall.Domain.Wallets;
using Waterfall.Ledger.Serialization.Compact;

namespace Waterfall.Ledger.Serialization;

/// <summary>
/// How the stores read back an event or a receipt, whichever form it was written in: the compact form for the kinds
/// <see cref="CompactForm"/> covers (from migration 0008 on), JSON for the rest and for every row written before.
/// </summary>
public static class StoredForm
{
    public static WalletEvent ReadEvent(ReadOnlySpan<byte> stored) =>
        CompactForm.IsCompact(stored) ? CompactForm.ReadEvent(stored) : LedgerJson.DeserializeEvent(stored);

    public static Receipt ReadReceipt(ReadOnlySpan<byte> stored) =>
        CompactForm.IsCompact(stored) ? CompactForm.ReadReceipt(stored) : LedgerJson.DeserializeReceipt(stored);
}
