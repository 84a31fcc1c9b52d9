using System.Text;
using Waterfall.Ledger.Serialization.Compact;

namespace Waterfall.Ledger.Rows;

/// <summary>
/// A row's stored value as the bytes that go to the store: UTF-8 JSON, or the compact form of a call's event or receipt
/// (<see cref="IsCompact"/>). SQLite binds the bytes as they are — a string would have been transcoded to UTF-16 and back
/// for every row (docs/performance.md, "The tail") — as text or as a blob; a driver that needs JSON text gets it from
/// <see cref="ToString"/>.
/// </summary>
public readonly record struct RowValue(ReadOnlyMemory<byte> Bytes)
{
    public bool IsCompact => CompactForm.IsCompact(Bytes.Span);

    public override string ToString() =>
        IsCompact ? throw new InvalidOperationException("A compact value is not text.") : Encoding.UTF8.GetString(Bytes.Span);
}
