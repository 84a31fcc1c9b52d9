using BenchmarkDotNet.Attributes;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger.Serialization;
using Waterfall.Ledger.Serialization.Compact;

namespace Waterfall.MicroBenchmarks;

/// <summary>
/// A whole debit as the wallet grain runs it: <see cref="Wallet.Tick"/> (which prunes the
/// idempotency window), then <see cref="Wallet.Debit"/>: validation, idempotency check, model and
/// spend policy, waterfall, fingerprint, the event, and applying it (grants, spend, receipt,
/// idempotency record). One wallet per parameter set, built once: its grants are too large to
/// run out, and each invocation uses the next of 4,096 keys, so every debit is fresh and accepted
/// while the window (256 keys) keeps the wallet's memory bounded.
/// </summary>
[MemoryDiagnoser]
public class DebitBenchmarks
{
    private Wallet _wallet = null!;
    private DebitWallet[] _commands = [];
    private int _next;

    [Params(1, 5, 50)]
    public int Grants { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _wallet = Scenario.FundedWallet(Grants);
        var charge = Scenario.Gpt4oCharge();
        var attribution = Scenario.Attribution();
        _commands = Scenario.Keys("debit").Select(key => new DebitWallet(key, charge, attribution)).ToArray();
        _next = 0;
    }

    [Benchmark]
    public Outcome<DebitReceipt> TickAndDebit()
    {
        var command = _commands[_next];
        _next = (_next + 1) % _commands.Length;
        _wallet.Tick(Scenario.Now);
        var outcome = _wallet.Debit(command, Scenario.Now);
        if (!outcome.IsAccepted || outcome.IsReplay) throw new InvalidOperationException($"Debit not freshly accepted: {outcome}");
        return outcome;
    }
}

/// <summary>
/// What happens to an accepted debit's event after the decision: its postings, the ledger
/// transaction (postings plus attribution), and its stored JSON form. The event is a gpt-4o debit
/// with a caller attribution, paid by three draws (bonus tokens, then two USD grants).
/// </summary>
[MemoryDiagnoser]
public class LedgerEventBenchmarks
{
    private WalletEvent _event = null!;
    private WalletKey _key;

    [GlobalSetup]
    public void Setup()
    {
        var wallet = Scenario.AllocationWallet(5);
        var outcome = wallet.Debit(new DebitWallet("debit-1", Scenario.Gpt4oCharge(), Scenario.Attribution()), Scenario.Now);
        Scenario.Accepted(outcome);
        _event = outcome.Events.Single();
        _key = wallet.Key;
        var draws = ((Debited)_event).Coverage.Draws.Count;
        Scenario.Require(draws == 3, $"Expected the debit to take three draws, got {draws}.");
        Scenario.Require(_event.ToLedgerTransaction(_key).IsBalanced, "The debit's postings do not balance.");
    }

    [Benchmark]
    public IReadOnlyList<Posting> Postings() => _event.Postings(_key.WalletId);

    [Benchmark]
    public LedgerTransaction ToLedgerTransaction() => _event.ToLedgerTransaction(_key);

    [Benchmark]
    public string SerializeEvent() => LedgerJson.Serialize(_event);

    private readonly System.Buffers.ArrayBufferWriter<byte> _compactBuffer = new(1024);
    private readonly CompactWriter _compact = new();

    /// <summary>The form the stores now write for a debit (docs/durability.md, "The stored form"), into a reused buffer as they do.</summary>
    [Benchmark]
    public int WriteCompactEvent()
    {
        _compactBuffer.ResetWrittenCount();
        _compact.Reset(_compactBuffer);
        CompactForm.Write(_compact, _event);
        return _compactBuffer.WrittenCount;
    }
}
