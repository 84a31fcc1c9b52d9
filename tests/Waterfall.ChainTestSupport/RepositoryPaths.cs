namespace Waterfall.ChainTestSupport;

/// <summary>Folders of the repository the tests run from, found by walking up from the test binaries.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    /// <summary>The first directory above the test binaries that has tests/tools/package.json.</summary>
    public static string Root => RootDirectory.Value;

    /// <summary>tests/tools: the pinned anvil.</summary>
    public static string TestTools => Path.Combine(Root, "tests", "tools");

    /// <summary>deploy/contracts: the Solidity sources, compile.mjs and the pinned solc-js.</summary>
    public static string Contracts => Path.Combine(Root, "deploy", "contracts");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "tests", "tools", "package.json")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"No tests/tools/package.json above {AppContext.BaseDirectory}; cannot locate the repository.");
    }
}
