using System.Collections.Frozen;
using Waterfall.Domain.Ledger;

namespace Waterfall.Ledger.Rows;

/// <summary>
/// The stored name of each transaction kind (its enum name), looked up instead of <c>ToString()</c>, which boxes the kind
/// on every row.
/// </summary>
internal static class KindNames
{
    private static readonly FrozenDictionary<TransactionKind, string> Names =
        Enum.GetValues<TransactionKind>().ToFrozenDictionary(kind => kind, kind => kind.ToString());

    public static string Of(TransactionKind kind) => Names.TryGetValue(kind, out var name) ? name : kind.ToString();
}
