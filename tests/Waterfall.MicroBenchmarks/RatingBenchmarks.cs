using BenchmarkDotNet.Attributes;
using Waterfall.Domain.Pricing.Catalog;
using Waterfall.Domain.Pricing.Rating;

namespace Waterfall.MicroBenchmarks;

/// <summary>
/// Pricing one LLM call against the shipped catalog: a plain gpt-4o call, a claude-sonnet-4-5 call
/// large enough for the above-200k tier with 5-minute and 1-hour cache writes, both again through a
/// tenant's 20% markup; and the catalog lookup on its own. The raters are built once, as the
/// front door builds one per tenant.
/// </summary>
[MemoryDiagnoser]
public class RatingBenchmarks
{
    private UsageRater _rater = null!;
    private UsageRater _markedUp = null!;
    private LlmUsage _gpt4o = null!;
    private LlmUsage _sonnetLong = null!;
    private string _knownModel = "";
    private string _unknownModel = "";

    [GlobalSetup]
    public void Setup()
    {
        _rater = new UsageRater(PriceCatalog.Default);
        _markedUp = new UsageRater(PriceCatalog.Default, new TenantPricing(20m, new Dictionary<string, ModelPrice>()));
        _gpt4o = Scenario.Gpt4oUsage();
        _sonnetLong = Scenario.Sonnet45LongContextUsage();
        _knownModel = Scenario.FromWire(Scenario.ClaudeSonnet45);
        _unknownModel = Scenario.FromWire("gpt-4o-not-a-model");

        var sonnet = _rater.Rate(_sonnetLong);
        Scenario.Require(sonnet.IsRated && sonnet.Rated!.Tier == "above_200k" && sonnet.Rated.Lines.Count == 5,
            $"The long-context call should rate in the above_200k tier with five lines: {sonnet}");
        var gpt = _markedUp.Rate(_gpt4o);
        Scenario.Require(gpt.IsRated && gpt.Rated!.ExactCost == _rater.Rate(_gpt4o).Rated!.ExactCost * 1.2m,
            $"The markup should add exactly 20%: {gpt}");
    }

    [Benchmark]
    public RatingResult Rate_Gpt4o() => _rater.Rate(_gpt4o);

    [Benchmark]
    public RatingResult Rate_Sonnet45_Above200k_CacheWrites() => _rater.Rate(_sonnetLong);

    [Benchmark]
    public RatingResult Rate_Gpt4o_Markup20() => _markedUp.Rate(_gpt4o);

    [Benchmark]
    public RatingResult Rate_Sonnet45_Above200k_Markup20() => _markedUp.Rate(_sonnetLong);

    [Benchmark]
    public bool Catalog_TryGet_Hit() => PriceCatalog.Default.TryGet(_knownModel, out _);

    [Benchmark]
    public bool Catalog_TryGet_Miss() => PriceCatalog.Default.TryGet(_unknownModel, out _);
}
