using System.Text;

namespace Waterfall.Ledger.Rows;

/// <summary>
/// A row's JSON as the UTF-8 bytes System.Text.Json wrote. SQLite binds them as they are; a string would have
/// been transcoded to UTF-16 and back to UTF-8 for every row, the largest part of what a debit allocates on the
/// embedded store (docs/performance.md, "The tail"). A driver that needs a string gets one from <see cref="ToString"/>.
/// </summary>
public readonly record struct Utf8Json(ReadOnlyMemory<byte> Bytes)
{
    public override string ToString() => Encoding.UTF8.GetString(Bytes.Span);
}
