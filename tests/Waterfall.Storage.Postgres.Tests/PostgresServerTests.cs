using Npgsql;
using Waterfall.TestSupport;

namespace Waterfall.Storage.Postgres.Tests;

/// <summary>The throwaway server itself: the other tests are only as good as it is.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task Databases_created_on_one_server_are_isolated_from_each_other()
    {
        await using var server = await PostgresServer.StartAsync();
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();

        await Db.ExecuteAsync(first, "CREATE TABLE only_here (id integer)");

        Assert.Equal("only_here", await Db.ScalarAsync<string>(first, "SELECT to_regclass('only_here')::text"));
        Assert.Null(await Db.ScalarAsync<string>(second, "SELECT to_regclass('only_here')::text"));
        Assert.NotEqual(
            await Db.ScalarAsync<string>(first, "SELECT current_database()"),
            await Db.ScalarAsync<string>(second, "SELECT current_database()"));
    }

    [Fact]
    public async Task A_restarted_server_keeps_its_data_and_port_and_disposing_it_removes_its_directory()
    {
        var server = await PostgresServer.StartAsync();
        var root = server.RootDirectory;
        try
        {
            await Db.ExecuteAsync(server.ConnectionString, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
            var port = server.Port;

            await server.StopAsync();
            Assert.False(server.IsRunning);
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => Db.ScalarAsync<int>(server.ConnectionString, "SELECT 1"));

            await server.StartAsync();
            Assert.Equal(port, server.Port);
            Assert.Equal("still here", await Db.ScalarAsync<string>(server.ConnectionString, "SELECT v FROM kept"));
        }
        finally
        {
            await server.DisposeAsync();
        }
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public async Task Settings_passed_at_start_reach_postgresql_conf()
    {
        var options = new PostgresServerOptions();
        options.Settings["timezone"] = "'Asia/Kolkata'";
        await using var server = await PostgresServer.StartAsync(options);

        Assert.Equal("Asia/Kolkata", await Db.ScalarAsync<string>(server.ConnectionString, "SHOW timezone"));
        Assert.Equal("200", await Db.ScalarAsync<string>(server.ConnectionString, "SHOW max_connections"));
    }

    [Fact]
    public async Task A_database_name_that_is_not_a_plain_identifier_is_refused()
    {
        await using var server = await PostgresServer.StartAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => server.CreateDatabaseAsync("bad\"; DROP DATABASE x; --"));
    }
}
