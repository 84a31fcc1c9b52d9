using System.Text.Json.Nodes;

namespace Waterfall.Benchmarks.Tests;

public class ResultsFileTests
{
    [Fact]
    public async Task Each_run_replaces_only_its_own_sections_of_the_results_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"waterfall-results-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(path, """{"Rows":[1,2],"memory":{"old":true}}""");

            await ResultsFile.WriteSectionsAsync(path, new { memory = new { Rows = new[] { 3 } } });
            var afterMemory = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
            Assert.Equal(2, afterMemory["Rows"]!.AsArray().Count);
            Assert.Equal(3, afterMemory["memory"]!["Rows"]![0]!.GetValue<int>());
            Assert.Null(afterMemory["memory"]!["old"]);

            await ResultsFile.WriteSectionsAsync(path, new { Rows = new[] { 4 }, Targets = new[] { "t" } });
            var afterTable = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
            Assert.Equal(4, Assert.Single(afterTable["Rows"]!.AsArray())!.GetValue<int>());
            Assert.Equal("t", afterTable["Targets"]![0]!.GetValue<string>());
            Assert.Equal(3, afterTable["memory"]!["Rows"]![0]!.GetValue<int>());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
