using System.Text;
using System.Text.Json.Nodes;

namespace Waterfall.Fuzzing;

/// <summary>Hostile values and mutations of bytes and JSON, all drawn from one seeded <see cref="Random"/>.</summary>
public static class Mutations
{
    private static readonly string[] Strings =
    [
        "", " ", "a", "0", "-1", "null", "undefined", "NaN", "1e309", "0x", "0xzz", "../../etc/passwd", "%00", "\0", "\u202e", "😀",
        "' OR 1=1 --", "<script>", "{\"$type\":\"System.Object\"}", "wallet:with:colons", "tenant|other", new string('x', 300), new string('9', 80),
        "usd", "tokens", "gpt-4o", "GPT-4O", "eip155:8453", "0x" + new string('f', 64), "9223372036854775808",
    ];

    private static readonly long[] Longs = [0, 1, -1, 2, long.MaxValue, long.MinValue, long.MaxValue - 1, int.MaxValue, int.MinValue, 1_000_000_000_000_000_000, 100_000_000_000_000_001];

    public static string HostileString(Random random) => random.Next(5) == 0
        ? new string((char)random.Next(0x20, 0x2FFF), random.Next(0, 64))
        : Strings[random.Next(Strings.Length)];

    /// <summary>A hostile string a header or a URL can carry: printable ASCII only (the client refuses anything else before sending).</summary>
    public static string HostileAscii(Random random) =>
        new([.. HostileString(random).Select(c => c is >= ' ' and <= '~' ? c : '?')]);

    public static long HostileLong(Random random) => random.Next(3) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : Longs[random.Next(Longs.Length)];

    public static JsonNode? HostileJson(Random random, int depth = 0) => random.Next(depth > 1 ? 7 : 9) switch
    {
        0 => null,
        1 => JsonValue.Create(HostileString(random)),
        2 => JsonValue.Create(HostileLong(random)),
        3 => JsonValue.Create(random.Next(2) == 0),
        4 => JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-20, 300))),
        5 => JsonValue.Create(-random.Next(1000)),
        6 => JsonNode.Parse("1" + new string('0', random.Next(20, 400))),
        7 => new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => HostileJson(random, depth + 1)).ToArray()),
        _ => new JsonObject(Enumerable.Range(0, random.Next(4)).Select(i => KeyValuePair.Create($"f{i}", HostileJson(random, depth + 1)))),
    };

    /// <summary>A JSON document with one to three of its values replaced, removed or added; sometimes its text mangled too.</summary>
    public static string MutateJson(Random random, string json)
    {
        var node = JsonNode.Parse(json)!;
        for (var i = random.Next(1, 4); i > 0; i--) MutateOne(random, node);
        var text = node.ToJsonString();
        return random.Next(4) == 0 ? Encoding.UTF8.GetString(MutateBytes(random, Encoding.UTF8.GetBytes(text))) : text;
    }

    private static void MutateOne(Random random, JsonNode root)
    {
        var containers = new List<JsonNode>();
        Collect(root, containers);
        var target = containers[random.Next(containers.Count)];
        if (target is JsonObject obj)
        {
            var names = obj.Select(p => p.Key).ToList();
            if (names.Count > 0 && random.Next(4) == 0) obj.Remove(names[random.Next(names.Count)]);
            else if (names.Count > 0 && random.Next(3) > 0) obj[names[random.Next(names.Count)]] = HostileJson(random);
            else obj[random.Next(2) == 0 ? "unexpected" : "$type"] = HostileJson(random);
        }
        else if (target is JsonArray array)
        {
            if (array.Count > 0 && random.Next(2) == 0) array[random.Next(array.Count)] = HostileJson(random);
            else array.Add(HostileJson(random));
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> containers)
    {
        if (node is JsonObject obj)
        {
            containers.Add(obj);
            foreach (var (_, child) in obj) if (child is not null) Collect(child, containers);
        }
        else if (node is JsonArray array)
        {
            containers.Add(array);
            foreach (var child in array) if (child is not null) Collect(child, containers);
        }
    }

    /// <summary>Bit flips, interesting bytes, insertions, deletions, duplications, truncation.</summary>
    public static byte[] MutateBytes(Random random, byte[] input)
    {
        var bytes = new List<byte>(input);
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1 when bytes.Count > 0: bytes[at] = new byte[] { 0x00, 0xFF, 0x7F, 0x80, 0x0A, 0x22, 0x5C }[random.Next(7)]; break;
                case 2: bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256))); break;
                case 3 when bytes.Count > 0: bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 16))); break;
                case 4 when bytes.Count > 0: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, random.Next(1, 32)))); break;
                default: if (bytes.Count > 0) bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        return [.. bytes];
    }
}
