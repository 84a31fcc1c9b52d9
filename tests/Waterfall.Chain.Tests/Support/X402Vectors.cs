using System.Text.Json;

namespace Waterfall.Chain.Tests.Support;

/// <summary>
/// The x402 reference vectors (produced with @x402/evm and viem), copied into the repository from the
/// project's shared/testvectors/x402 so a clean clone can test on its own. A missing file throws, so
/// the vector tests fail rather than silently pass or skip.
/// </summary>
public static class X402Vectors
{
    private static readonly Lazy<string> Folder = new(FindFolder);

    public static string Path(string fileName) => System.IO.Path.Combine(Folder.Value, fileName);

    public static JsonDocument ExactEip3009Json() => JsonDocument.Parse(File.ReadAllText(Path("exact-eip3009-v2.json")));

    /// <summary>
    /// The "label: value" lines of exact-eip3009-v2.txt, keyed by label. Labels are read as written in
    /// the file, so a renamed or missing one fails the lookup instead of being guessed.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ExactEip3009Text()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path("exact-eip3009-v2.txt")))
        {
            // Labels are padded to a column ("r                      : 0x..."), but the longest has no
            // space before its colon, so split on the first ": " and trim. Indented lines are JSON.
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0 || line.StartsWith(' ') || line.StartsWith('{') || line.StartsWith('}'))
                continue;
            values[line[..colon].Trim()] = line[(colon + 2)..].Trim();
        }
        return values;
    }

    public static string Value(this IReadOnlyDictionary<string, string> values, string label) =>
        values.TryGetValue(label, out var value)
            ? value
            : throw new KeyNotFoundException($"exact-eip3009-v2.txt has no line labelled '{label}'. Labels: {string.Join(", ", values.Keys)}");

    private static string FindFolder()
    {
        var folder = System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "x402");
        return File.Exists(System.IO.Path.Combine(folder, "exact-eip3009-v2.json"))
            ? folder
            : throw new DirectoryNotFoundException($"The x402 vectors are missing from {folder}.");
    }
}
