using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Waterfall.FakeProvider.Hosting;

internal static class Json
{
    // Compact, like the providers, and with text left readable (no \u escapes for '+' or non-ASCII).
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode node) => node.ToJsonString(Compact);
}
