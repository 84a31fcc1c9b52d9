using System.Text.Json;
using System.Text.Json.Nodes;
using Waterfall.ChainTestSupport;

namespace Waterfall.X402.Tests.Support;

/// <summary>
/// Runs the reference x402 TypeScript stack (tests/Waterfall.X402.Tests/node: @x402/core and @x402/evm
/// 2.27.0 on viem 2.57.20, pinned with a lock file) with node. Installs it with `npm ci` when missing.
/// Without node or npm the calling test fails with the reason: an interop test that skips proves nothing.
/// </summary>
public static class ReferenceStack
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "Waterfall.X402.Tests", "node");

    /// <summary>Runs a script with one JSON input and returns its JSON output.</summary>
    public static async Task<JsonElement> RunAsync(string script, JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await NpmPackages.EnsureInstalledAsync(Folder, IsInstalled);
        var inputFile = Path.Combine(Path.GetTempPath(), $"x402-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(inputFile, input.ToJsonString());
        try
        {
            var result = await ExternalProcess.RunAsync("node", [Path.Combine(Folder, script), inputFile], TimeSpan.FromMinutes(3), Folder);
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"node {script} failed with exit code {result.ExitCode}:\n{result.Output}");
            try
            {
                using var document = JsonDocument.Parse(result.StandardOutput);
                return document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"node {script} did not print JSON:\n{result.Output}", e);
            }
        }
        finally
        {
            File.Delete(inputFile);
        }
    }

    public static JsonNode ToNode<T>(T value) => JsonNode.Parse(X402Json.Stringify(value))!;

    public static JsonNode ToNode(JsonElement value) => JsonNode.Parse(value.GetRawText())!;

    private static bool IsInstalled() =>
        new[] { "@x402/core", "@x402/evm", "viem" }.All(package =>
            File.Exists(Path.Combine(Folder, "node_modules", package, "package.json")));
}
