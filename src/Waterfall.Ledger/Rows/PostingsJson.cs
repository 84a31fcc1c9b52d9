using System.Text.Json;
using Waterfall.Domain.Ledger;

namespace Waterfall.Ledger.Rows;

/// <summary>
/// A transaction's postings as a compact JSON array stored on its row:
/// <c>[{"account":"wallet:w1:available","unit":"usd","amount":1000,"grant":"g2"}, …]</c>. Postings
/// are fully determined by their transaction, so one row per transaction (instead of one per
/// posting) halves what a batch inserts; the stores' <c>ledger_postings</c> view expands them.
/// </summary>
public static class PostingsJson
{
    public static void Write(Utf8JsonWriter json, IReadOnlyList<Posting> postings)
    {
        Span<char> code = stackalloc char[256];
        json.WriteStartArray();
        for (var i = 0; i < postings.Count; i++) // not foreach: an interface's enumerator is a box per row
        {
            var p = postings[i];
            json.WriteStartObject();
            if (p.Account.TryFormatCode(code, out var length)) json.WriteString("account", code[..length]);
            else json.WriteString("account", p.Account.Code);
            json.WriteString("unit", p.Unit.Code);
            json.WriteNumber("amount", p.Amount);
            if (p.Grant is { } grant) json.WriteString("grant", grant.Value);
            if (p.Hold is { } hold) json.WriteString("hold", hold.Value);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
