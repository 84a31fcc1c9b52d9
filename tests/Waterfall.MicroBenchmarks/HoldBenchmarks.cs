using BenchmarkDotNet.Attributes;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;

namespace Waterfall.MicroBenchmarks;

/// <summary>
/// A hold's round trip as an LLM call makes it: authorize an estimate ($0.05 against gpt-4o) for
/// five minutes, then capture the rated actual ($0.00625) against it, releasing the rest. Both
/// commands share one idempotency key (the window is per operation kind), and the grain's Tick
/// runs before each, as in production. The hold is created and resolved in the same invocation, so
/// the wallet's state is the same before every pair.
/// </summary>
[MemoryDiagnoser]
public class HoldBenchmarks
{
    private Wallet _wallet = null!;
    private string[] _keys = [];
    private AmountCharge _estimate = null!;
    private UsageCharge _actual = null!;
    private Attribution _attribution = null!;
    private int _next;

    [Params(1, 5, 50)]
    public int Grants { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _wallet = Scenario.FundedWallet(Grants);
        _keys = Scenario.Keys("call");
        _estimate = new AmountCharge(Amount.Usd(50_000_000),
            new ChargeContext(UsageCharge.LlmTokensMetric, Scenario.Gpt4o, "openai"));
        _actual = Scenario.Gpt4oCharge();
        _attribution = Scenario.Attribution();
        _next = 0;
    }

    [Benchmark]
    public Outcome<CaptureReceipt> AuthorizeAndCapture()
    {
        var key = _keys[_next];
        _next = (_next + 1) % _keys.Length;

        _wallet.Tick(Scenario.Now);
        var hold = _wallet.Authorize(new AuthorizeHold(key, _estimate, TimeSpan.FromMinutes(5), _attribution), Scenario.Now);
        if (!hold.IsAccepted || hold.IsReplay) throw new InvalidOperationException($"Authorize not freshly accepted: {hold}");

        _wallet.Tick(Scenario.Now);
        var capture = _wallet.Capture(new CaptureHold(key, hold.Receipt!.Hold, _actual), Scenario.Now);
        if (!capture.IsAccepted || capture.IsReplay) throw new InvalidOperationException($"Capture not freshly accepted: {capture}");
        return capture;
    }
}
