using System.Diagnostics;
using Microsoft.Data.Sqlite;

// What one small commit costs the writer at different page-cache sizes, on a new database (under 1 GB). Each commit
// inserts 17 rows over 10,000 keys into a table and an index shaped like the journal's, the size of a hold-path batch.
// B-tree splits move a page through SQLite's temporary page number (the lock-byte page, 262,145 at 4 KB pages), which
// raises the cache's highest key above the file's size; the commit then drops "pages past the end" by scanning the
// whole cache's hash table. So the larger the cache, the dearer every commit, until the file is past 1 GB.
// docs/performance.md, "The writer's page cache, four times too large".
//   dotnet run -c Release --project docs/perf/sqlite_cache_scan -- [COMMITS] [CACHE-MB ...]
var commits = args.Length > 0 ? int.Parse(args[0]) : 20_000;
var sizes = args.Length > 1 ? args[1..].Select(int.Parse).ToArray() : [2, 16, 64];
var folder = Directory.CreateTempSubdirectory("cache-scan-");
try
{
    for (var run = 0; run < sizes.Length; run++)
    {
        var (wall, user) = Measure(run, sizes[run]);
        Console.WriteLine($"{sizes[run],4} MB cache: {user,5:F0} µs of user-mode CPU, {wall,5:F0} µs of wall time per commit of 17 rows ({commits:N0} commits)");
    }
}
finally
{
    SqliteConnection.ClearAllPools();
    folder.Delete(recursive: true);
}

(double Wall, double User) Measure(int run, int megabytes)
{
    var path = Path.Combine(folder.FullName, $"{run}.db");
    using var connection = new SqliteConnection($"Data Source={path}");
    connection.Open();
    Execute($"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-{megabytes * 1024};");
    Execute("CREATE TABLE journal(wallet TEXT, seq INTEGER, body BLOB, PRIMARY KEY (wallet, seq)) WITHOUT ROWID;" +
            "CREATE TABLE keys(wallet TEXT, key TEXT, receipt BLOB, PRIMARY KEY (wallet, key));");
    using var journal = Insert("INSERT INTO journal VALUES ($1, $2, $3)");
    using var keys = Insert("INSERT INTO keys VALUES ($1, $2, $3)");
    var body = new byte[400];
    var heads = new long[10_000];
    var random = new Random(1);
    var clock = Stopwatch.StartNew();
    var user = Process.GetCurrentProcess().UserProcessorTime;
    for (var c = 0; c < commits; c++)
    {
        using var transaction = connection.BeginTransaction();
        journal.Transaction = keys.Transaction = transaction;
        for (var i = 0; i < 17; i++)
        {
            var wallet = random.Next(heads.Length);
            Run(journal, $"w{wallet}", ++heads[wallet], body);
            Run(keys, $"w{wallet}", Guid.NewGuid().ToString(), body);
        }
        transaction.Commit();
    }
    // User mode only: the scan is SQLite's own code; the kernel's file work around each commit is the same at every size.
    return (clock.Elapsed.TotalMicroseconds / commits, (Process.GetCurrentProcess().UserProcessorTime - user).TotalMicroseconds / commits);

    void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    SqliteCommand Insert(string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var p = 1; p <= 3; p++) command.Parameters.Add(new SqliteParameter($"${p}", null));
        return command;
    }

    static void Run(SqliteCommand command, string wallet, object second, byte[] third)
    {
        command.Parameters[0].Value = wallet;
        command.Parameters[1].Value = second;
        command.Parameters[2].Value = third;
        command.ExecuteNonQuery();
    }
}
