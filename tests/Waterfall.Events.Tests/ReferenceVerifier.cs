using System.Diagnostics;
using System.Text.Json;

namespace Waterfall.Events.Tests;

/// <summary>
/// The reference TypeScript Standard Webhooks library (npm <c>standardwebhooks</c>, pinned in
/// <c>verifier/package-lock.json</c>; <c>tests/run</c> installs it with <c>npm ci</c>), run by Node on one delivery.
/// </summary>
internal static class ReferenceVerifier
{
    private static readonly string Directory = Find();

    public static async Task<(bool Verified, string Output)> VerifyAsync(string secret, string body, IReadOnlyDictionary<string, string> headers)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "standardwebhooks")))
            throw new InvalidOperationException($"Run `npm ci --prefix {Directory}` first (tests/run does).");
        var start = new ProcessStartInfo("node", "verify.js")
        {
            WorkingDirectory = Directory, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        await node.StandardInput.WriteAsync(JsonSerializer.Serialize(new { secret, body, headers }));
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        return (node.ExitCode == 0, node.ExitCode == 0 ? output : error);
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Waterfall.Events.Tests", "verifier");
            if (File.Exists(Path.Combine(candidate, "verify.js"))) return candidate;
        }
        throw new InvalidOperationException("tests/Waterfall.Events.Tests/verifier not found above the test output.");
    }
}
