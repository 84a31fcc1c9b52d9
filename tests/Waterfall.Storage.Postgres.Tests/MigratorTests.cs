using Waterfall.TestSupport;

namespace Waterfall.Storage.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class MigratorTests(PostgresFixture postgres)
{
    private readonly PostgresMigrator _migrator = new();

    [Fact]
    public void The_embedded_migrations_start_with_the_orleans_schema_in_version_order()
    {
        var migrations = Migration.Embedded;

        Assert.Equal("0001_orleans", migrations[0].Name);
        Assert.Equal(1, migrations[0].Version);
        Assert.Equal(migrations.OrderBy(m => m.Version).Select(m => m.Version), migrations.Select(m => m.Version));
        Assert.Matches("^[0-9a-f]{64}$", migrations[0].Checksum);
    }

    [Fact]
    public void The_embedded_migrations_are_the_orleans_schema_the_ledger_its_later_columns_and_the_compact_form()
    {
        Assert.Equal(["0001_orleans", "0002_ledger", "0003_end_user", "0004_ledger_by_tenant_time", "0005_event_outbox", "0008_compact_form"], Migration.Embedded.Select(m => m.Name));
    }

    [Fact]
    public async Task A_ledger_from_before_the_compact_form_keeps_its_json_rows_and_refuses_a_row_in_neither_form_or_both()
    {
        var database = await postgres.CreateDatabaseAsync();
        await new PostgresMigrator(Migration.Embedded.Where(m => m.Version <= 5)).MigrateAsync(database);
        await Db.ExecuteAsync(database, """
            INSERT INTO ledger_transactions (tenant_id, wallet_id, seq, kind, at, event, postings) VALUES ('t1', 'w1', 1, 'Debited', now(), '{"type":"debited"}', '[]');
            INSERT INTO idempotency_keys (tenant_id, wallet_id, operation, key, fingerprint, seq, receipt, recorded_at) VALUES ('t1', 'w1', 'Debited', 'k1', 'f', 1, '{"type":"debit"}', now());
            """);

        Assert.Equal(["0008_compact_form"], await _migrator.MigrateAsync(database));

        Assert.Equal([["{\"type\":\"debited\"}", null]], await Db.RowsAsync(database, "SELECT event, event_compact FROM ledger_transactions"));
        Assert.Equal([["{\"type\":\"debit\"}", null]], await Db.RowsAsync(database, "SELECT receipt, receipt_compact FROM idempotency_keys"));
        await Db.ExecuteAsync(database, "INSERT INTO ledger_transactions (tenant_id, wallet_id, seq, kind, at, event_compact, postings) VALUES ('t1', 'w1', 2, 'Debited', now(), '\\x0101', '[]')");
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Db.ExecuteAsync(database,
            "INSERT INTO ledger_transactions (tenant_id, wallet_id, seq, kind, at, postings) VALUES ('t1', 'w1', 3, 'Debited', now(), '[]')"));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Db.ExecuteAsync(database,
            "INSERT INTO ledger_transactions (tenant_id, wallet_id, seq, kind, at, event, event_compact, postings) VALUES ('t1', 'w1', 3, 'Debited', now(), '{}', '\\x0101', '[]')"));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Db.ExecuteAsync(database,
            "INSERT INTO idempotency_keys (tenant_id, wallet_id, operation, key, fingerprint, seq, recorded_at) VALUES ('t1', 'w1', 'Debited', 'k3', 'f', 3, now())"));
    }

    [Fact]
    public async Task A_ledger_from_before_the_end_user_upgrades_keeping_its_rows_and_postings()
    {
        var database = await postgres.CreateDatabaseAsync();
        await new PostgresMigrator(Migration.Embedded.Where(m => m.Version <= 2)).MigrateAsync(database);
        await Db.ExecuteAsync(database, """
            INSERT INTO ledger_transactions (tenant_id, wallet_id, seq, kind, at, agent_id, event, postings)
            VALUES ('t1', 'w1', 1, 'Debited', now(), 'agent-1', '{}',
                    '[{"account":"wallet:w1","unit":"usd","amount":5},{"account":"revenue","unit":"usd","amount":-5}]')
            """);

        var applied = await _migrator.MigrateAsync(database);

        Assert.Equal(Migration.Embedded.Where(m => m.Version > 2).Select(m => m.Name), applied); // 0003 and every later one
        Assert.Equal(2L, await Db.ScalarAsync<long>(database, "SELECT count(*) FROM ledger_postings WHERE seq = 1"));
        var old = await Db.RowsAsync(database, "SELECT agent_id, end_user FROM ledger_transactions");
        Assert.Equal([["agent-1", null]], old);
        Assert.Equal(0L, await Db.ScalarAsync<long>(database, "SELECT count(*) FROM usage_records WHERE end_user IS NOT NULL"));
    }

    [Fact]
    public async Task Migrating_an_empty_database_applies_every_migration_and_records_it()
    {
        var database = await postgres.CreateDatabaseAsync();

        var applied = await _migrator.MigrateAsync(database);

        Assert.Equal(Migration.Embedded.Select(m => m.Name), applied);
        var history = await Db.RowsAsync(database, "SELECT version, name, checksum, applied_at FROM waterfall_schema_migrations ORDER BY version");
        Assert.Equal(Migration.Embedded.Select(m => (object?)m.Version), history.Select(r => r[0]));
        Assert.Equal(Migration.Embedded.Select(m => (object?)m.Checksum), history.Select(r => r[2]));
        Assert.All(history, r => Assert.InRange((DateTime)r[3]!, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1)));
        Assert.Equal("orleansquery", await Db.ScalarAsync<string>(database, "SELECT to_regclass('OrleansQuery')::text"));
    }

    [Fact]
    public async Task Migrating_again_applies_nothing_and_changes_nothing()
    {
        var database = await postgres.CreateDatabaseAsync();
        await _migrator.MigrateAsync(database);
        var queriesBefore = await Db.ScalarAsync<long>(database, "SELECT count(*) FROM OrleansQuery");

        var second = await _migrator.MigrateAsync(database);

        Assert.Empty(second);
        Assert.Equal(queriesBefore, await Db.ScalarAsync<long>(database, "SELECT count(*) FROM OrleansQuery"));
        Assert.Equal(Migration.Embedded.Count, await Db.ScalarAsync<long>(database, "SELECT count(*) FROM waterfall_schema_migrations"));
    }

    [Fact]
    public async Task Status_lists_every_migration_as_pending_before_and_applied_after()
    {
        var database = await postgres.CreateDatabaseAsync();

        var before = await _migrator.StatusAsync(database);
        await _migrator.MigrateAsync(database);
        var after = await _migrator.StatusAsync(database);

        Assert.Equal(Migration.Embedded.Select(m => m.Name), before.Select(s => s.Name));
        Assert.All(before, s => Assert.Equal(MigrationState.Pending, s.State));
        Assert.All(before, s => Assert.Null(s.AppliedAt));
        Assert.Equal(Migration.Embedded.Select(m => m.Name), after.Select(s => s.Name));
        Assert.All(after, s => Assert.Equal(MigrationState.Applied, s.State));
        Assert.All(after, s => Assert.NotNull(s.AppliedAt));
    }

    [Fact]
    public async Task A_migration_whose_script_changed_after_it_was_applied_is_refused_with_a_clear_error()
    {
        var database = await postgres.CreateDatabaseAsync();
        var original = new PostgresMigrator([new Migration(1, "0001_first", "CREATE TABLE first_table (id integer)")]);
        await original.MigrateAsync(database);
        var edited = new PostgresMigrator(
        [
            new Migration(1, "0001_first", "CREATE TABLE first_table (id bigint)"),
            new Migration(2, "0002_second", "CREATE TABLE second_table (id integer)"),
        ]);

        var error = await Assert.ThrowsAsync<PostgresMigrationException>(() => edited.MigrateAsync(database));

        Assert.Contains("0001_first", error.Message);
        Assert.Contains("must not change", error.Message);
        Assert.Null(await Db.ScalarAsync<string>(database, "SELECT to_regclass('second_table')::text"));
        var status = await edited.StatusAsync(database);
        Assert.Equal([MigrationState.ChecksumMismatch, MigrationState.Pending], status.Select(s => s.State));
    }

    [Fact]
    public async Task A_tampered_checksum_in_the_history_table_is_refused()
    {
        var database = await postgres.CreateDatabaseAsync();
        await _migrator.MigrateAsync(database);
        await Db.ExecuteAsync(database, "UPDATE waterfall_schema_migrations SET checksum = repeat('0', 64) WHERE version = 1");

        var error = await Assert.ThrowsAsync<PostgresMigrationException>(() => _migrator.MigrateAsync(database));

        Assert.Contains("0001_orleans", error.Message);
    }

    [Fact]
    public void Line_ending_differences_do_not_change_a_checksum()
    {
        var unix = new Migration(1, "0001_x", "CREATE TABLE t (id integer);\nSELECT 1;\n");
        var windows = new Migration(1, "0001_x", "\uFEFFCREATE TABLE t (id integer);\r\nSELECT 1;\r\n");

        Assert.Equal(unix.Checksum, windows.Checksum);
        Assert.NotEqual(unix.Checksum, new Migration(1, "0001_x", "CREATE TABLE t (id bigint);\n").Checksum);
    }

    [Fact]
    public async Task Two_migrators_running_at_once_apply_each_migration_exactly_once()
    {
        var database = await postgres.CreateDatabaseAsync();
        // A slow first migration keeps the first migrator inside its lock while the second one arrives.
        IReadOnlyList<Migration> migrations =
        [
            new Migration(1, "0001_slow", "SELECT pg_sleep(0.5); CREATE TABLE counted (n integer); INSERT INTO counted VALUES (1);"),
            new Migration(2, "0002_more", "INSERT INTO counted VALUES (2);"),
        ];

        var results = await Task.WhenAll(
            Task.Run(() => new PostgresMigrator(migrations).MigrateAsync(database)),
            Task.Run(() => new PostgresMigrator(migrations).MigrateAsync(database)));

        Assert.Equal(["0001_slow", "0002_more"], results.Single(r => r.Count > 0));
        Assert.Single(results, r => r.Count == 0);
        Assert.Equal(2L, await Db.ScalarAsync<long>(database, "SELECT count(*) FROM counted"));
        Assert.Equal(2L, await Db.ScalarAsync<long>(database, "SELECT count(*) FROM waterfall_schema_migrations"));
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_and_the_ones_before_it_stay_applied()
    {
        var database = await postgres.CreateDatabaseAsync();
        var migrator = new PostgresMigrator(
        [
            new Migration(1, "0001_good", "CREATE TABLE good (id integer);"),
            new Migration(2, "0002_bad", "CREATE TABLE half_done (id integer);\nINSERT INTO no_such_table VALUES (1);"),
        ]);

        var error = await Assert.ThrowsAsync<PostgresMigrationException>(() => migrator.MigrateAsync(database));

        Assert.Contains("0002_bad", error.Message);
        Assert.Contains("no_such_table", error.Message);
        Assert.Equal("good", await Db.ScalarAsync<string>(database, "SELECT to_regclass('good')::text"));
        Assert.Null(await Db.ScalarAsync<string>(database, "SELECT to_regclass('half_done')::text"));
        Assert.Equal([MigrationState.Applied, MigrationState.Pending], (await migrator.StatusAsync(database)).Select(s => s.State));
    }

    [Fact]
    public async Task A_new_migration_numbered_before_an_applied_one_is_refused()
    {
        var database = await postgres.CreateDatabaseAsync();
        await new PostgresMigrator([new Migration(1, "0001_a", "SELECT 1"), new Migration(3, "0003_c", "SELECT 3")]).MigrateAsync(database);
        var withGap = new PostgresMigrator([new Migration(1, "0001_a", "SELECT 1"), new Migration(2, "0002_b", "SELECT 2"), new Migration(3, "0003_c", "SELECT 3")]);

        var error = await Assert.ThrowsAsync<PostgresMigrationException>(() => withGap.MigrateAsync(database));

        Assert.Contains("0002_b", error.Message);
        Assert.Contains("0003_c", error.Message);
    }

    [Fact]
    public async Task Migrations_applied_by_a_newer_build_are_reported_and_left_alone()
    {
        var database = await postgres.CreateDatabaseAsync();
        await new PostgresMigrator([new Migration(1, "0001_a", "SELECT 1"), new Migration(2, "0002_newer", "SELECT 2")]).MigrateAsync(database);
        var older = new PostgresMigrator([new Migration(1, "0001_a", "SELECT 1")]);

        Assert.Empty(await older.MigrateAsync(database));
        var status = await older.StatusAsync(database);
        Assert.Equal([("0001_a", MigrationState.Applied), ("0002_newer", MigrationState.AppliedUnknown)], status.Select(s => (s.Name, s.State)));
    }

    [Fact]
    public void Migration_file_names_must_follow_the_numbered_convention()
    {
        Assert.Equal(12, Migration.FromFile("0012_ledger_tables.sql", "SELECT 1").Version);
        Assert.Throws<ArgumentException>(() => Migration.FromFile("ledger.sql", "SELECT 1"));
        Assert.Throws<ArgumentException>(() => Migration.FromFile("12_ledger.sql", "SELECT 1"));
        Assert.Throws<ArgumentException>(() => Migration.FromFile("0012-Ledger.sql", "SELECT 1"));
        Assert.Throws<InvalidOperationException>(() => new PostgresMigrator([new Migration(1, "0001_a", "SELECT 1"), new Migration(1, "0001_b", "SELECT 1")]));
    }
}
