using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Waterfall.Storage.Postgres;

/// <summary>
/// One schema migration: a SQL script identified by a version number and a name, from a file named
/// <c>NNNN_description.sql</c>. Its checksum is the SHA-256 of the script with line endings normalised to
/// <c>\n</c> (and no byte-order mark), so a checkout with CRLF line endings does not look like an edit.
/// </summary>
public sealed partial record Migration
{
    /// <summary>Where this project's own migrations live, as embedded resources.</summary>
    public const string ResourcePrefix = "Waterfall.Storage.Postgres.Migrations.";

    public Migration(int version, string name, string sql)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        Version = version;
        Name = name;
        Sql = Normalize(sql);
        Checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
    }

    /// <summary>The order key: <c>NNNN</c> of the file name.</summary>
    public int Version { get; }

    /// <summary>The file name without <c>.sql</c>, e.g. <c>0001_orleans</c>.</summary>
    public string Name { get; }

    /// <summary>The script, line endings normalised.</summary>
    public string Sql { get; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Sql"/> in UTF-8.</summary>
    public string Checksum { get; }

    public override string ToString() => Name;

    /// <summary>
    /// Reads a migration from its file name (<c>NNNN_description.sql</c>: four or more digits, an underscore,
    /// lower-case letters, digits and underscores) and its text.
    /// </summary>
    public static Migration FromFile(string fileName, string sql)
    {
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
            throw new ArgumentException($"Migration file '{fileName}' is not named NNNN_description.sql (digits, underscore, lower-case letters/digits/underscores).", nameof(fileName));
        return new Migration(int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["name"].Value, sql);
    }

    /// <summary>
    /// Every <c>*.sql</c> embedded in <paramref name="assembly"/> under <paramref name="resourcePrefix"/>,
    /// in version order. Two files with the same version number are an error.
    /// </summary>
    public static IReadOnlyList<Migration> FromEmbeddedResources(Assembly assembly, string resourcePrefix)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(resourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
                continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            migrations.Add(FromFile(resource[resourcePrefix.Length..], reader.ReadToEnd()));
        }
        return Ordered(migrations);
    }

    /// <summary>This project's migrations (<c>Migrations/*.sql</c>), in version order.</summary>
    public static IReadOnlyList<Migration> Embedded => LazyEmbedded.Value;

    private static readonly Lazy<IReadOnlyList<Migration>> LazyEmbedded = new(() => FromEmbeddedResources(typeof(Migration).Assembly, ResourcePrefix));

    internal static IReadOnlyList<Migration> Ordered(IEnumerable<Migration> migrations)
    {
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        var duplicate = ordered.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        return ordered;
    }

    private static string Normalize(string sql) => sql.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    [GeneratedRegex(@"^(?<name>(?<version>\d{4,})_[a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
