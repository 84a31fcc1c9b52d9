namespace Waterfall.Benchmarks;

/// <summary>Finds the programs built next to the benchmark (referenced without their assemblies), to run them as processes.</summary>
public static class BuiltPrograms
{
    public static string Dll(string folder, string project)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, folder, project, "bin", configuration, "net10.0", $"{project}.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{project}.dll was not built next to the benchmark.");
    }
}
