using Waterfall.TestSupport;

namespace Waterfall.Cycles.Tests;

/// <summary>
/// The restart scenarios on a real PostgreSQL server (throwaway, one for this class; a migrated database
/// per test): journal, cycle and invoice state and the reminders all come back from the database.
/// </summary>
public sealed class PostgresCycleTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly DateTimeOffset January = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task On_postgres_a_silo_down_across_two_period_boundaries_catches_up_both_in_order_once_after_its_restart()
    {
        await using var silo = new DurableSilo(January, await PostgresStore.CreateAsync(postgres));
        await RestartTests.DownAcrossTwoBoundariesAsync(silo);
    }

    [Fact]
    public async Task On_postgres_three_months_bill_exactly_as_hand_computed_when_the_silo_restarts_in_the_middle_of_february()
    {
        await using var silo = new DurableSilo(January, await PostgresStore.CreateAsync(postgres));
        await ThreeMonthRestartTests.RestartedInFebruaryAsync(silo);
    }
}
