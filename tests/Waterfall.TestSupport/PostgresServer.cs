using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Waterfall.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server for tests: <c>initdb</c> into a fresh temporary directory, started with
/// <c>pg_ctl</c> on a free loopback port, trusted local access for the <c>postgres</c> superuser, stopped
/// and deleted on dispose. Tests isolate by database (<see cref="CreateDatabaseAsync"/>), so one server can
/// serve a whole test class or collection.
/// </summary>
/// <remarks>
/// Uses Debian's server binaries (<c>/usr/lib/postgresql/&lt;version&gt;/bin</c>, the highest version
/// installed); <c>tests/run</c> installs them. PostgreSQL refuses to run as root, so when this process is
/// root the server runs as the <c>postgres</c> OS user (through <c>runuser</c>) and the temporary directory
/// is handed to that user. The server log is <see cref="LogPath"/>; its tail is part of every start failure.
/// </remarks>
public sealed partial class PostgresServer : IAsyncDisposable
{
    /// <summary>The database created at start, which <see cref="ConnectionString"/> points to.</summary>
    public const string DefaultDatabase = "waterfall";

    /// <summary>The superuser initdb creates; every connection string logs in as this role (trust auth, no password).</summary>
    public const string Superuser = "postgres";

    private const string OsUser = "postgres";
    private const string BinariesRoot = "/usr/lib/postgresql";
    private const int PortAttempts = 5;

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly ConcurrentDictionary<string, byte> _handedOut = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly bool _runAsPostgresUser;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private bool _disposed;

    private PostgresServer(string binDirectory, string version, string rootDirectory, bool runAsPostgresUser, IReadOnlyDictionary<string, string> settings)
    {
        BinDirectory = binDirectory;
        Version = version;
        RootDirectory = rootDirectory;
        _runAsPostgresUser = runAsPostgresUser;
        _settings = settings;
    }

    /// <summary>The directory holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>.</summary>
    public string BinDirectory { get; }

    /// <summary>The major version of the binaries in use, e.g. "15".</summary>
    public string Version { get; }

    /// <summary>The temporary directory owning everything of this server (data, socket, log); deleted on dispose.</summary>
    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    public string SocketDirectory => Path.Combine(RootDirectory, "socket");

    public string LogPath => Path.Combine(RootDirectory, "server.log");

    /// <summary>The loopback TCP port the server listens on; kept across <see cref="StopAsync"/>/<see cref="StartAsync(CancellationToken)"/>.</summary>
    public int Port { get; private set; }

    public bool IsRunning { get; private set; }

    /// <summary>A connection string for <see cref="DefaultDatabase"/>, created at start.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Finds the binaries, creates and starts a fresh server, and creates <see cref="DefaultDatabase"/>.</summary>
    /// <param name="options">Extra settings; <c>null</c> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<PostgresServer> StartAsync(PostgresServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PostgresServerOptions();
        var (bin, version) = FindBinaries();
        var runAsPostgresUser = IsRoot();
        await ReapOrphansOnceAsync(bin, runAsPostgresUser);
        var root = CreateRootDirectory(runAsPostgresUser);
        var server = new PostgresServer(bin, version, root, runAsPostgresUser, new Dictionary<string, string>(options.Settings, StringComparer.Ordinal));
        try
        {
            await server.InitializeAsync(cancellationToken);
            await server.StartAsync(cancellationToken);
            server.ConnectionString = await server.CreateDatabaseAsync(DefaultDatabase, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts this server again after <see cref="StopAsync"/>, on the same port and data directory.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (IsRunning)
                return;
            await StartServerAsync(cancellationToken);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m fast</c>) and drops the pooled connections of every connection string handed out.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (!IsRunning)
                return;
            ClearPools();
            var result = await RunAsync(Tool("pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken);
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"pg_ctl stop failed with exit code {result.ExitCode}: {result.Output}\n{LogTail()}");
            IsRunning = false;
            ClearPools();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Creates a fresh, empty database and returns a connection string for it. Tests isolate from each other
    /// by database. <paramref name="name"/> defaults to a unique name; it must be a plain lower-case identifier.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N")[..20];
        if (!IdentifierPattern().IsMatch(name))
            throw new ArgumentException($"'{name}' is not a plain PostgreSQL identifier (lower-case letters, digits, underscores; at most 63).", nameof(name));
        await using (var connection = new NpgsqlConnection(ConnectionStringFor("postgres", pooling: false)))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var connectionString = ConnectionStringFor(name, pooling: true);
        _handedOut.TryAdd(connectionString, 0);
        return connectionString;
    }

    /// <summary>A connection string for an existing database of this server.</summary>
    public string ConnectionStringFor(string database, bool pooling = true)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = Port,
            Username = Superuser,
            Database = database,
            Pooling = pooling,
            Timeout = 15,
            CommandTimeout = 60,
            IncludeErrorDetail = true,
        };
        var connectionString = builder.ConnectionString;
        if (pooling)
            _handedOut.TryAdd(connectionString, 0);
        return connectionString;
    }

    /// <summary>The last part of the server log, for failure messages.</summary>
    public string LogTail(int maxChars = 6000)
    {
        try
        {
            if (!File.Exists(LogPath))
                return "(no server log)";
            var text = File.ReadAllText(LogPath);
            var tail = text.Length <= maxChars ? text : "…" + text[^maxChars..];
            return $"--- {LogPath} ---\n{tail}";
        }
        catch (IOException e)
        {
            return $"(could not read {LogPath}: {e.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            // A start that timed out may still have left a postmaster behind: its pid file says so.
            if (IsRunning || File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                ClearPools();
                var stopped = await RunAsync(Tool("pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "30", "stop"], CancellationToken.None);
                if (stopped.ExitCode != 0)
                    await RunAsync(Tool("pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"], CancellationToken.None);
                IsRunning = false;
                ClearPools();
            }
            DeleteRootDirectory();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(SocketDirectory);
        if (_runAsPostgresUser)
            await ChownAsync(RootDirectory, cancellationToken);
        string[] arguments =
        [
            "-D", DataDirectory,
            "--username", Superuser,
            "--auth", "trust",
            "--encoding", "UTF8",
            "--locale", "C",
            "--no-sync",
        ];
        var result = await RunAsync(Tool("initdb"), arguments, cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"initdb failed with exit code {result.ExitCode}:\n{result.Output}");

        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["listen_addresses"] = "'127.0.0.1'",
            ["unix_socket_directories"] = $"'{SocketDirectory}'",
            ["max_connections"] = "200",
            ["shared_buffers"] = "32MB",
            ["logging_collector"] = "off",
            ["log_line_prefix"] = "'%m [%p] %d '",
        };
        foreach (var (key, value) in _settings)
            settings[key] = value;
        var conf = new StringBuilder("\n# Waterfall.TestSupport\n");
        foreach (var (key, value) in settings)
            conf.Append(key).Append(" = ").Append(value).Append('\n');
        // Appending keeps the file's owner (the postgres user when running as root).
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), conf.ToString(), cancellationToken);
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var keepPort = Port != 0;
        string lastFailure = "";
        for (var attempt = 0; attempt < PortAttempts; attempt++)
        {
            if (!keepPort)
                Port = TestPorts.Next();
            var result = await RunAsync(
                Tool("pg_ctl"),
                ["-D", DataDirectory, "-l", LogPath, "-w", "-t", "60", "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)}", "start"],
                cancellationToken);
            if (result.ExitCode == 0)
            {
                IsRunning = true;
                await WaitUntilAcceptingAsync(cancellationToken);
                return;
            }
            lastFailure = $"pg_ctl start on port {Port} failed with exit code {result.ExitCode}: {result.Output}";
            // Another process may have taken the port between choosing it and binding it; try another one.
            var log = LogTail(3000);
            var portTaken = log.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
                || log.Contains("Address already in use", StringComparison.OrdinalIgnoreCase)
                || log.Contains("could not create any TCP/IP sockets", StringComparison.OrdinalIgnoreCase);
            if (!portTaken || keepPort)
                break;
        }
        throw new InvalidOperationException($"PostgreSQL {Version} did not start. {lastFailure}\n{LogTail()}");
    }

    private async Task WaitUntilAcceptingAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres", pooling: false));
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
            {
                last = e;
                await Task.Delay(100, cancellationToken);
            }
        }
        throw new InvalidOperationException($"PostgreSQL started but did not accept connections on port {Port}: {last?.Message}\n{LogTail()}", last);
    }

    private void ClearPools()
    {
        foreach (var connectionString in _handedOut.Keys)
        {
            using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private void DeleteRootDirectory()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(RootDirectory))
                    Directory.Delete(RootDirectory, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 4)
            {
                Thread.Sleep(200);
            }
            catch (UnauthorizedAccessException) when (attempt < 4)
            {
                Thread.Sleep(200);
            }
        }
    }

    private string Tool(string name) => Path.Combine(BinDirectory, name);

    private async Task<ToolResult> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ProcessStartInfo start;
        if (_runAsPostgresUser)
        {
            start = new ProcessStartInfo(FindRunuser());
            foreach (var argument in new[] { "-u", OsUser, "--", tool })
                start.ArgumentList.Add(argument);
        }
        else
        {
            start = new ProcessStartInfo(tool);
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = RootDirectory;
        start.Environment["LC_ALL"] = "C";
        start.Environment["LANG"] = "C";
        start.Environment.Remove("PGDATA");
        start.Environment.Remove("PGPORT");
        start.Environment.Remove("PGHOST");

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not run {start.FileName}: {e.Message}", e);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
            if (cancellationToken.IsCancellationRequested)
                throw;
            throw new TimeoutException($"{Path.GetFileName(tool)} did not finish within {CommandTimeout.TotalSeconds} s:\n{Text(output)}\n{LogTail()}");
        }
        // WaitForExitAsync returns after the output streams are drained.
        return new ToolResult(process.ExitCode, Text(output));

        static void Append(StringBuilder builder, string? line)
        {
            if (line is null)
                return;
            lock (builder)
                builder.AppendLine(line);
        }

        static string Text(StringBuilder builder)
        {
            lock (builder)
                return builder.ToString().Trim();
        }
    }

    private static async Task ChownAsync(string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("chown") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-R", $"{OsUser}:", path })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("chown did not start.");
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"chown -R {OsUser}: {path} failed: {error}");
    }

    private static (string BinDirectory, string Version) FindBinaries()
    {
        var candidates = Directory.Exists(BinariesRoot)
            ? Directory.GetDirectories(BinariesRoot)
                .Select(dir => (Dir: dir, Name: Path.GetFileName(dir)))
                .Where(c => File.Exists(Path.Combine(c.Dir, "bin", "initdb")) && File.Exists(Path.Combine(c.Dir, "bin", "pg_ctl")))
                .Select(c => (Bin: Path.Combine(c.Dir, "bin"), c.Name, Number: VersionNumber(c.Name)))
                .OrderByDescending(c => c.Number)
                .ToList()
            : [];
        if (candidates.Count == 0)
            throw new InvalidOperationException(
                $"PostgreSQL server binaries not found ({BinariesRoot}/<version>/bin/initdb and pg_ctl). " +
                "Run tests/run from the repository root, which installs them (apt-get install postgresql).");
        return (candidates[0].Bin, candidates[0].Name);

        static Version VersionNumber(string name) =>
            System.Version.TryParse(name.Contains('.') ? name : name + ".0", out var parsed) ? parsed : new Version(0, 0);
    }

    // As root, the directory must be reachable by the postgres user: /tmp is, a root-only TMPDIR may not be.
    private static string TempParent(bool runAsPostgresUser) => runAsPostgresUser ? "/tmp" : Path.GetTempPath();

    /// <summary>
    /// A test run that was killed leaves its servers running and its directories behind. Their directory names
    /// carry the creating process id: once per process, stop and delete those whose process is gone.
    /// </summary>
    private static Task ReapOrphansOnceAsync(string binDirectory, bool runAsPostgresUser)
    {
        lock (ReapLock)
            return _reaping ??= ReapOrphansAsync(binDirectory, runAsPostgresUser);
    }

    private static readonly object ReapLock = new();
    private static Task? _reaping;

    private static async Task ReapOrphansAsync(string binDirectory, bool runAsPostgresUser)
    {
        string[] directories;
        try
        {
            directories = Directory.GetDirectories(TempParent(runAsPostgresUser), "waterfall-pg-*");
        }
        catch (IOException)
        {
            return;
        }
        foreach (var directory in directories)
        {
            var parts = Path.GetFileName(directory).Split('-');
            if (parts.Length != 4 || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId || ProcessIsAlive(pid))
                continue;
            var orphan = new PostgresServer(binDirectory, "", directory, runAsPostgresUser, new Dictionary<string, string>());
            try
            {
                await orphan.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or TimeoutException)
            {
                // Best effort: a leftover that cannot be cleaned does not stop this run.
            }
        }

        static bool ProcessIsAlive(int pid) => !OperatingSystem.IsLinux() || Directory.Exists($"/proc/{pid}");
    }

    private static string CreateRootDirectory(bool runAsPostgresUser)
    {
        var root = Path.Combine(TempParent(runAsPostgresUser), $"waterfall-pg-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(root);
        if (runAsPostgresUser && !UserExists(OsUser))
        {
            Directory.Delete(root, recursive: true);
            throw new InvalidOperationException(
                $"This process runs as root, which PostgreSQL refuses, and there is no '{OsUser}' OS user to run it as. " +
                "Run tests/run from the repository root, which installs the postgresql package (it creates that user).");
        }
        return root;
    }

    private static string FindRunuser()
    {
        foreach (var candidate in new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser" })
        {
            if (File.Exists(candidate))
                return candidate;
        }
        throw new InvalidOperationException("runuser (util-linux) is needed to run PostgreSQL as the postgres user when this process is root, and was not found.");
    }

    private static bool UserExists(string user) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(line => line.StartsWith(user + ":", StringComparison.Ordinal));

    // Environment.UserName is the name of the effective user (getpwuid(geteuid())).
    private static bool IsRoot() => OperatingSystem.IsLinux() && Environment.UserName == "root";


    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex IdentifierPattern();

    private sealed record ToolResult(int ExitCode, string Output);
}

/// <summary>Settings for <see cref="PostgresServer.StartAsync(PostgresServerOptions?, CancellationToken)"/>.</summary>
public sealed class PostgresServerOptions
{
    /// <summary>Extra <c>postgresql.conf</c> lines (name → value, quoted as PostgreSQL expects, e.g. <c>["timezone"] = "'Asia/Kolkata'"</c>).</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);
}
