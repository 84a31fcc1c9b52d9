using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Waterfall.Storage.Sqlite;

/// <summary>
/// Applies the embedded <c>Migrations/NNNN_name.sql</c> files in order, each in its own
/// transaction, and records them; a migration already applied is never applied again, and one
/// whose text changed after it was applied is refused.
/// </summary>
public static class SqliteMigrator
{
    private const string Prefix = "Waterfall.Storage.Sqlite.Migrations.";

    public static IReadOnlyList<(string Name, string Sql)> Migrations { get; } = Load();

    public static IReadOnlyList<string> Migrate(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS waterfall_schema_migrations (
                name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)
            """);
        var applied = new Dictionary<string, string>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT name, checksum FROM waterfall_schema_migrations";
            using var reader = read.ExecuteReader();
            while (reader.Read()) applied[reader.GetString(0)] = reader.GetString(1);
        }

        var done = new List<string>();
        foreach (var (name, sql) in Migrations)
        {
            var checksum = Checksum(sql);
            if (applied.TryGetValue(name, out var recorded))
            {
                if (recorded != checksum)
                    throw new InvalidOperationException($"Migration {name} changed after it was applied; write a new migration instead.");
                continue;
            }
            using var transaction = connection.BeginTransaction();
            Execute(connection, sql, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO waterfall_schema_migrations (name, checksum, applied_at) VALUES ($name, $checksum, $at)";
            record.Parameters.AddWithValue("$name", name);
            record.Parameters.AddWithValue("$checksum", checksum);
            record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
            record.ExecuteNonQuery();
            transaction.Commit();
            done.Add(name);
        }
        return done;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Checksum(string sql) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));

    private static List<(string, string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (n[Prefix.Length..^4], reader.ReadToEnd());
            })
            .ToList();
    }
}
