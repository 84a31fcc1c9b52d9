using Waterfall.TestSupport;

namespace Waterfall.Storage.Postgres.Tests;

/// <summary>One PostgreSQL server for the tests that only need databases (each test creates its own).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
