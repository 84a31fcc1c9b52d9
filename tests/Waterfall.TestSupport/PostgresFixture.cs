using Xunit;

namespace Waterfall.TestSupport;

/// <summary>
/// One throwaway PostgreSQL server for an xunit collection (or class). Declare the collection in the test
/// assembly — <c>[CollectionDefinition("postgres")] public class PostgresCollection : ICollectionFixture&lt;PostgresFixture&gt;;</c> —
/// and give each test its own database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL server has not started yet.");

    /// <summary>The server's default database (shared by every test of the collection).</summary>
    public string ConnectionString => Server.ConnectionString;

    /// <summary>A fresh, empty database; tests isolate by database.</summary>
    public Task<string> CreateDatabaseAsync(string? name = null) => Server.CreateDatabaseAsync(name);

    /// <summary>Override to pass server settings.</summary>
    protected virtual PostgresServerOptions Options() => new();

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync(Options());

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
