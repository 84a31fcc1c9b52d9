using Npgsql;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

/// <summary>A PostgreSQL store that cannot be used ends the process with exit 1 and one line saying what to do, never a stack trace.</summary>
[Collection("postgres")]
public sealed class StoreStartupErrorTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Migrate_against_a_database_that_does_not_exist_exits_1_with_one_clear_line()
    {
        var missing = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = $"missing_{Guid.NewGuid():N}" }.ToString();
        await using var silo = new SiloProcess(PostgresStore.Settings(missing));

        var (exitCode, _, error) = await silo.RunToExitAsync("migrate");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(Lines(error));
        Assert.Contains("does not exist", line, StringComparison.Ordinal);
        Assert.Contains("CREATE DATABASE", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_postgres_silo_started_before_migrate_exits_1_with_one_line_saying_to_run_migrate()
    {
        var unmigrated = await postgres.CreateDatabaseAsync();
        await using var silo = new SiloProcess(PostgresStore.Settings(unmigrated));

        var (exitCode, output, error) = await silo.RunToExitAsync();

        Assert.Equal(1, exitCode);
        var line = Assert.Single(Lines(error));
        Assert.Contains("run `Waterfall.Silo migrate`", line, StringComparison.Ordinal);
        Assert.DoesNotContain("orleansquery", output + error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_silo_with_no_tenant_outside_development_warns_once_at_start()
    {
        await using var silo = new SiloProcess(new Dictionary<string, string> { ["Waterfall:Store:Kind"] = "memory" });

        await silo.StartAsync();

        Assert.Single(Lines(silo.Output), l => l.Contains("No tenant is configured", StringComparison.Ordinal));
    }

    private static List<string> Lines(string text) =>
        [.. text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0)];
}
