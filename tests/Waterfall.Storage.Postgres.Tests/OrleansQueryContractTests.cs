using System.Reflection;
using System.Text.RegularExpressions;
using Orleans.Storage;
using Waterfall.TestSupport;

namespace Waterfall.Storage.Postgres.Tests;

/// <summary>
/// The OrleansQuery rows against what the referenced Orleans packages ask for, read from the packages
/// themselves: an Orleans upgrade that needs a new query fails here, not at a silo's startup.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class OrleansQueryContractTests(PostgresFixture postgres)
{
    public static TheoryData<string> ProviderAssemblies => new()
    {
        "Orleans.Clustering.AdoNet",
        "Orleans.Reminders.AdoNet",
    };

    [Theory]
    [MemberData(nameof(ProviderAssemblies))]
    public async Task Every_query_key_the_provider_requires_is_in_the_migrated_database(string assemblyName)
    {
        var required = RequiredKeys(assemblyName);
        var present = await QueryKeysAsync();

        Assert.NotEmpty(required);
        Assert.Empty(required.Except(present));
    }

    [Fact]
    public async Task Every_query_key_grain_storage_loads_is_in_the_migrated_database()
    {
        var required = StorageKeyPattern().Matches(AdoNetGrainStorage.DefaultInitializationQuery).Select(m => m.Groups[1].Value).ToList();
        var present = await QueryKeysAsync();

        Assert.Equal(["WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey"], required);
        Assert.Empty(required.Except(present));
    }

    [Fact]
    public async Task The_schema_holds_no_query_for_streaming_or_the_grain_directory()
    {
        var present = await QueryKeysAsync();

        Assert.DoesNotContain(present, k => k.Contains("Stream", StringComparison.Ordinal) || k.Contains("GrainActivation", StringComparison.Ordinal));
    }

    // DbStoredQueries (internal, one copy per provider assembly) declares one property per query it reads.
    private static List<string> RequiredKeys(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        var type = assembly.GetTypes().Single(t => t.Name == "DbStoredQueries");
        return type.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic)
            .Where(p => p.PropertyType == typeof(string))
            .Select(p => p.Name)
            .ToList();
    }

    private async Task<List<string>> QueryKeysAsync()
    {
        var database = await postgres.CreateDatabaseAsync();
        await new PostgresMigrator().MigrateAsync(database);
        var rows = await Db.RowsAsync(database, "SELECT QueryKey FROM OrleansQuery");
        return rows.Select(r => (string)r[0]!).ToList();
    }

    [GeneratedRegex("QueryKey = '([A-Za-z]+)'")]
    private static partial Regex StorageKeyPattern();
}
