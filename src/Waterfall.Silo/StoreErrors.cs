using Npgsql;

namespace Waterfall.Silo;

/// <summary>One line an operator can act on for a store that cannot be used; never includes the password.</summary>
internal static class StoreErrors
{
    public static string Target(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL database '{builder.Database}' at {builder.Host}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            return "The PostgreSQL database";
        }
    }

    public static string Describe(Exception exception, string connectionString) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
            $"{Target(connectionString)} does not exist: create it (CREATE DATABASE), then run `Waterfall.Silo migrate`.",
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } pg =>
            $"{Target(connectionString)} refused the credentials: {pg.MessageText}.",
        PostgresException pg => $"{Target(connectionString)} answered {pg.SqlState}: {pg.MessageText}.",
        NpgsqlException or TimeoutException or System.Net.Sockets.SocketException =>
            $"{Target(connectionString)} cannot be reached: {Innermost(exception).Message}",
        _ => $"{Target(connectionString)}: {exception.Message}",
    };

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null) exception = exception.InnerException;
        return exception;
    }
}
