using System.Text.Json;
using System.Text.Json.Nodes;

namespace Waterfall.Benchmarks;

/// <summary>
/// bench-results.json is written by more than one run (the side-by-side table, the memory benchmark), each taking
/// minutes to half an hour: a run replaces only its own sections, so one run never erases another's.
/// </summary>
public static class ResultsFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task WriteSectionsAsync<T>(string path, T sections)
    {
        var root = File.Exists(path) && JsonNode.Parse(await File.ReadAllTextAsync(path)) is JsonObject existing ? existing : new JsonObject();
        var written = JsonSerializer.SerializeToNode(sections, Json)!.AsObject();
        foreach (var (name, value) in written.ToList())
        {
            written.Remove(name); // a node has one parent: detach it before it joins the file's root
            root[name] = value;
        }
        await File.WriteAllTextAsync(path, root.ToJsonString(Json));
    }
}
