using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;
using Waterfall.TestSupport;

namespace Waterfall.Storage.Postgres.Tests;

/// <summary>
/// Every stored query is prepared (parsed and planned, not run) with parameters typed as the Orleans
/// providers send them, so a typo in a query the cluster rarely runs (defunct-silo cleanup, dropping a
/// cluster) fails here instead of in production.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class OrleansQuerySyntaxTests(PostgresFixture postgres)
{
    // The types the providers' parameters arrive as (DbType.String → text, Int32 → integer, DateTime → timestamptz, ...).
    private static readonly Dictionary<string, NpgsqlDbType> ParameterTypes = new(StringComparer.Ordinal)
    {
        ["DeploymentId"] = NpgsqlDbType.Text,
        ["Address"] = NpgsqlDbType.Text,
        ["Port"] = NpgsqlDbType.Integer,
        ["Generation"] = NpgsqlDbType.Integer,
        ["SiloName"] = NpgsqlDbType.Text,
        ["HostName"] = NpgsqlDbType.Text,
        ["Status"] = NpgsqlDbType.Integer,
        ["ProxyPort"] = NpgsqlDbType.Integer,
        ["SuspectTimes"] = NpgsqlDbType.Text,
        ["StartTime"] = NpgsqlDbType.TimestampTz,
        ["IAmAliveTime"] = NpgsqlDbType.TimestampTz,
        ["Version"] = NpgsqlDbType.Integer,
        ["ServiceId"] = NpgsqlDbType.Text,
        ["GrainId"] = NpgsqlDbType.Text,
        ["ReminderName"] = NpgsqlDbType.Text,
        ["Period"] = NpgsqlDbType.Bigint,
        ["GrainHash"] = NpgsqlDbType.Integer,
        ["BeginHash"] = NpgsqlDbType.Integer,
        ["EndHash"] = NpgsqlDbType.Integer,
        ["GrainIdHash"] = NpgsqlDbType.Integer,
        ["GrainIdN0"] = NpgsqlDbType.Bigint,
        ["GrainIdN1"] = NpgsqlDbType.Bigint,
        ["GrainTypeHash"] = NpgsqlDbType.Integer,
        ["GrainTypeString"] = NpgsqlDbType.Text,
        ["GrainIdExtensionString"] = NpgsqlDbType.Text,
        ["GrainStateVersion"] = NpgsqlDbType.Integer,
        ["PayloadBinary"] = NpgsqlDbType.Bytea,
    };

    [Fact]
    public async Task Every_stored_query_prepares_against_the_schema_with_the_parameter_types_orleans_sends()
    {
        var database = await postgres.CreateDatabaseAsync();
        await new PostgresMigrator().MigrateAsync(database);
        var queries = await Db.RowsAsync(database, "SELECT QueryKey, QueryText FROM OrleansQuery ORDER BY QueryKey");
        Assert.True(queries.Count >= 20, $"only {queries.Count} queries stored");

        var failures = new List<string>();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        foreach (var row in queries)
        {
            var (key, text) = ((string)row[0]!, (string)row[1]!);
            await using var command = new NpgsqlCommand(text, connection);
            foreach (var name in ParameterPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct())
            {
                if (!ParameterTypes.TryGetValue(name, out var type))
                {
                    failures.Add($"{key}: unknown parameter @{name}");
                    continue;
                }
                command.Parameters.Add(new NpgsqlParameter(name, type) { Value = DBNull.Value });
            }
            try
            {
                await command.PrepareAsync();
                await command.UnprepareAsync();
            }
            catch (PostgresException e)
            {
                failures.Add($"{key}: {e.SqlState} {e.MessageText}");
            }
        }

        Assert.Empty(failures);
    }

    [GeneratedRegex(@"@([A-Za-z][A-Za-z0-9]*)")]
    private static partial Regex ParameterPattern();
}
