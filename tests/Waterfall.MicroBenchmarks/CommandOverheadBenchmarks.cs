using BenchmarkDotNet.Attributes;
using Waterfall.Domain;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Wallets;

namespace Waterfall.MicroBenchmarks;

/// <summary>
/// Pieces of every command's decision, measured alone to size their share of a debit: the shape
/// check, and the request fingerprint (a SHA-256 over a canonical text form of the request), split
/// into building the text and hashing it.
/// </summary>
[MemoryDiagnoser]
public class CommandOverheadBenchmarks
{
    private DebitWallet _usageDebit = null!;
    private DebitWallet _amountDebit = null!;
    private FingerprintBuilder _usageText = null!;

    [GlobalSetup]
    public void Setup()
    {
        _usageDebit = new DebitWallet("debit-00001", Scenario.Gpt4oCharge(), Scenario.Attribution());
        _amountDebit = new DebitWallet("debit-00002", Scenario.UsdCharge(20_000_000), Scenario.Attribution());
        _usageText = FingerprintText_UsageDebit();
        // The replicas below must build exactly the text the commands hash, or the split means nothing.
        Scenario.Require(_usageText.Build() == _usageDebit.Fingerprint(), "The usage fingerprint replica differs from DebitWallet.Fingerprint().");
        Scenario.Require(FingerprintText_AmountDebit().Build() == _amountDebit.Fingerprint(), "The amount fingerprint replica differs from DebitWallet.Fingerprint().");
    }

    [Benchmark]
    public Refusal? Validate_UsageDebit() => CommandValidation.Check(_usageDebit);

    [Benchmark]
    public string Fingerprint_UsageDebit() => _usageDebit.Fingerprint();

    [Benchmark]
    public string Fingerprint_AmountDebit() => _amountDebit.Fingerprint();

    /// <summary>The canonical text of the usage debit alone (three decimal unit prices among the fields), not hashed.</summary>
    [Benchmark]
    public FingerprintBuilder FingerprintText_UsageDebit()
    {
        var charge = (UsageCharge)_usageDebit.Charge;
        var usage = charge.Usage;
        var f = new FingerprintBuilder("debit").Add("usage").Add(charge.Metric).Add(usage.Model).Add(usage.Provider).Add(usage.Batch).Add(usage.Tier)
            .Add((long)usage.Lines.Count);
        foreach (var line in usage.Lines)
            f.Add((long)line.Component).Add(line.Tokens).Add(line.UnitPrice);
        return AddAttribution(f);
    }

    /// <summary>The canonical text of the amount debit alone (integers and strings only), not hashed.</summary>
    [Benchmark]
    public FingerprintBuilder FingerprintText_AmountDebit()
    {
        var charge = (AmountCharge)_amountDebit.Charge;
        var f = new FingerprintBuilder("debit").Add("amount").Add(charge.Amount.Unit.Code).Add(charge.Amount.Value)
            .Add(charge.Context.Metric).Add(charge.Context.Model).Add(charge.Context.Provider);
        return AddAttribution(f);
    }

    /// <summary>Hashing an already built text: UTF-8 encoding, SHA-256 and hex, what <see cref="FingerprintBuilder.Build"/> does.</summary>
    [Benchmark]
    public string FingerprintHash_UsageDebit() => _usageText.Build();

    private FingerprintBuilder AddAttribution(FingerprintBuilder f)
    {
        var a = _usageDebit.Attribution!;
        return f.Add(a.CustomerId).Add(a.AgentId).Add(a.RequestId).Add(a.Model).Add(a.Provider)
            .Add(a.InputTokens).Add(a.OutputTokens).Add(a.Payer).Add(a.Network).Add(a.TransactionHash);
    }
}
