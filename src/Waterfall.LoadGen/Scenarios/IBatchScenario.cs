namespace Waterfall.LoadGen.Scenarios;

/// <summary>A scenario whose one operation carries many items (debits), so throughput is reported in items too.</summary>
public interface IBatchScenario : IScenario
{
    int ItemsPerOperation { get; }
}
