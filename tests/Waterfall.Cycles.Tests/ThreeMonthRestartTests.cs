namespace Waterfall.Cycles.Tests;

/// <summary>
/// The same three months (<see cref="ThreeMonths"/>, the same hand-computed figures) on a durable SQLite
/// silo that is stopped and started again in the middle of February: the wallet, the cycle and the invoice
/// book come back from the file, and every invoice line, rollover, breakage and overage reset is unchanged.
/// </summary>
public sealed class ThreeMonthRestartTests
{
    [Fact]
    public async Task Three_months_bill_exactly_as_hand_computed_when_the_silo_restarts_in_the_middle_of_february()
    {
        await using var silo = new DurableSilo(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await RestartedInFebruaryAsync(silo);
    }

    /// <summary>The scenario, on whichever store <paramref name="silo"/> keeps (SQLite here, PostgreSQL in <see cref="PostgresCycleTests"/>).</summary>
    internal static async Task RestartedInFebruaryAsync(DurableSilo silo)
    {
        await silo.StartAsync();
        var restarts = 0;
        await ThreeMonths.RunAsync(() => silo.Client, silo.Clock, midFebruary: async () =>
        {
            await silo.RestartAsync();
            restarts++;
        });
        Assert.Equal(1, restarts);
    }
}
