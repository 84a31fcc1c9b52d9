using BenchmarkDotNet.Attributes;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;

namespace Waterfall.MicroBenchmarks;

/// <summary>
/// The allocator alone: which grants can pay (<see cref="CreditWaterfall.Sources"/>) and how a
/// charge is split across them (<see cref="CreditWaterfall.Cover"/>), over wallets of 1, 5 and 50
/// mixed grants, for a plain USD charge and a rated gpt-4o usage charge. Pure functions of their
/// inputs, so nothing is mutated and no per-invocation setup is needed.
/// </summary>
[MemoryDiagnoser]
public class WaterfallBenchmarks
{
    public enum ChargeKind { Amount, Usage }

    private IReadOnlyList<Grant> _grants = [];
    private Charge _charge = null!;
    private ChargeContext _context;
    private List<Draw> _sources = [];

    [Params(1, 5, 50)]
    public int Grants { get; set; }

    [Params(ChargeKind.Amount, ChargeKind.Usage)]
    public ChargeKind Charge { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var wallet = Scenario.AllocationWallet(Grants);
        _grants = wallet.Grants;
        // $0.02 against gpt-4o; or the rated gpt-4o call ($0.00625, 2,350 tokens).
        _charge = Charge == ChargeKind.Amount ? Scenario.UsdCharge(20_000_000) : Scenario.Gpt4oCharge();
        _context = _charge.Context;
        _sources = CreditWaterfall.Sources(_grants, _context, Scenario.Now);
        var result = CreditWaterfall.Cover(_charge, _sources, 0);
        Scenario.Require(result.IsCovered, $"The {Grants}-grant wallet does not cover the {Charge} charge: {result.Shortfall} short.");
        Console.WriteLine($"// {Grants} grants, {Charge} charge: {_sources.Count} sources, {result.Coverage.Draws.Count} draws");
    }

    /// <summary>Filtering and snapshotting the applicable grants, in burn order.</summary>
    [Benchmark]
    public List<Draw> Sources() => CreditWaterfall.Sources(_grants, _context, Scenario.Now);

    /// <summary>Splitting the charge over sources computed once in setup.</summary>
    [Benchmark]
    public WaterfallResult Cover() => CreditWaterfall.Cover(_charge, _sources, 0);

    /// <summary>Both, as <c>Wallet.Debit</c> and <c>Wallet.Authorize</c> call them.</summary>
    [Benchmark]
    public WaterfallResult SourcesAndCover() =>
        CreditWaterfall.Cover(_charge, CreditWaterfall.Sources(_grants, _charge.Context, Scenario.Now), 0);
}
