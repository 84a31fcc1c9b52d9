using System.Globalization;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;

namespace Waterfall.Simulation;

/// <summary>
/// The run's x402 top-ups: payers submit authorizations (and submit them again), the settlement grain credits the
/// wallets and settles on the simulated chain, which drops, evicts, replaces, reverts and mines late; the
/// settlement's silo dies on its own or with the wallets'. Every check is in <see cref="SettlementInvariants"/>.
/// </summary>
public sealed partial class Simulation
{
    private const string PayTo = "0x00000000000000000000000000000000000000aa";
    private static readonly SettlementTarget Target = new("sim-chain", "usdc", PayTo);

    private SimulatedChain _chain = null!;
    private SimulatedGrainStorage<SettlementQueue> _settlementState = null!;
    private SettlementPolicy _policy = null!;
    private Task<SimulatedSettlement>? _settlement;
    private int _settlements;
    private readonly List<SettlementRequest> _topUps = [];
    private readonly Dictionary<string, SettlementTicket> _topUpsAcknowledged = [];
    private readonly List<(SettlementRequest Request, Task<SettlementTicket> Ticket)> _submits = [];

    private void StartSettlement()
    {
        _chain = new SimulatedChain(_random);
        _settlementState = new SimulatedGrainStorage<SettlementQueue>(_random);
        _policy = SettlementPolicy.Default with
        {
            MaxBatchSize = new[] { 1, 3, 100 }[_random.Next(3)],
            Confirmations = _random.Next(1, 4),
        };
        Trace($"settlement: batches of at most {_policy.MaxBatchSize}, {_policy.Confirmations} confirmations");
    }

    /// <summary>The settlement's share of a step: 0 to 199 of the step's pick.</summary>
    private void ActOnSettlement(int pick)
    {
        if (pick < 40) SubmitTopUp(_lanes[_random.Next(_lanes.Count)]);
        else if (pick < 55 && _topUps.Count > 0) Submit(_topUps[_random.Next(_topUps.Count)], retry: true);
        else if (pick < 115) SettlementTimer();
        else if (pick < 170) Trace($"chain: {_chain.MineBlock()}");
        else if (pick < 182) { if (_chain.Evict() is { } hash) { _faults++; Trace($"chain: a node loses {hash[^4..]}"); } }
        else if (pick < 190) RestartSettlement();
        else SettlementTimer();
    }

    private void SubmitTopUp(Lane lane)
    {
        var n = _topUps.Count + 1;
        var request = new SettlementRequest("sim", lane.Key.WalletId, $"0x{_random.Next(1, 4):x40}", PayTo, _random.Next(1, 50) * 1_000_000L,
            0, long.MaxValue, "0x" + n.ToString("x64", CultureInfo.InvariantCulture), "0xsigned");
        if (_random.Next(100) < 8) _chain.Broke(request.Nonce);
        _topUps.Add(request);
        Submit(request, retry: false);
    }

    private void Submit(SettlementRequest request, bool retry)
    {
        var settlement = Settlement();
        _submits.Add((request, _scheduler.Run(async () => await (await settlement).Submit(request))));
        Trace($"{(retry ? "resubmit" : "submit")} top-up {request.Nonce[^4..]} of {request.Value} to {request.WalletId}");
    }

    private Task<SimulatedSettlement> Settlement()
    {
        if (_settlement is null || _settlement.IsFaulted)
        {
            var number = ++_settlements;
            _settlement = _scheduler.Run(async () =>
            {
                var settlement = await SimulatedSettlement.ActivateAsync(_settlementState, _chain, Target, _policy, () => _now, CallWallet, number);
                settlement.Trace = Trace;
                return settlement;
            });
            Trace($"activate settlement {number}");
        }
        return _settlement;
    }

    /// <summary>
    /// The settlement's wallet calls, made as any grain's call to the wallet would be: they may reach a second
    /// activation, which confirms a refusal against the journal's head before answering it (docs/simulation.md).
    /// </summary>
    private Task<Answer> CallWallet(string walletId, Operation operation) =>
        Send(_lanes.Single(l => l.Key.WalletId == walletId), operation, retry: _sentAt.ContainsKey($"{walletId}/{operation.Key}"), byGrain: true);

    private void SettlementTimer()
    {
        var settlement = Settlement();
        _ = _scheduler.Run(async () => await (await settlement).Work());
        Trace("settlement timer");
    }

    /// <summary>The settlement's silo dies alone: its next step never happens; a new activation reads what it stored.</summary>
    private void RestartSettlement()
    {
        HaltSettlement();
        _faults++;
        Trace("settlement silo dies");
    }

    private void HaltSettlement()
    {
        if (_settlement is { IsCompletedSuccessfully: true }) _settlement.Result.Halt();
        _settlement = null;
    }

    /// <summary>
    /// Tickets that arrived: the first accepted one of each nonce is what the payer was told, whether it named its grant
    /// or was answered from the queue before the wallet was credited (a resubmit after a lost first answer). Each must
    /// end settled or failed; none may vanish (docs/simulation.md "What it found").
    /// </summary>
    private void CollectTickets()
    {
        foreach (var submit in _submits.Where(s => s.Ticket.IsCompleted).ToList())
        {
            _submits.Remove(submit);
            if (!submit.Ticket.IsCompletedSuccessfully) continue;
            var ticket = submit.Ticket.Result;
            Trace($"ticket {ticket.Nonce[^4..]}: {(ticket.Refusal is { } r ? "refused " + r.Reason : $"{ticket.Status?.State}{(ticket.Replayed ? " (replayed)" : "")}")}");
            if (ticket.Refusal is null && ticket.Status is not null) _topUpsAcknowledged.TryAdd(ticket.Nonce, ticket);
        }
    }

    private void CheckSettlement()
    {
        var wallets = _lanes.Select(l => (l.Key, _store.Events(l.Key))).ToList();
        foreach (var v in SettlementInvariants.Always(wallets, _settlementState.Read(), _chain)) Violation(v);
    }

    /// <summary>The faults stop; the settlement works, the chain mines and the store lands until every authorization is final.</summary>
    private void SettleEverything()
    {
        _chain.Calm = _settlementState.Calm = true;
        for (var i = 0; i < 2_000 && (_settlementState.Read().HasWork() || _store.Pending > 0 || _calls.Count > 0 || _submits.Count > 0); i++)
        {
            SettlementTimer();
            _scheduler.RunUntilIdle();
            while (_store.Pending > 0)
            {
                _store.LandNext(write: true, loseAck: false);
                _scheduler.RunUntilIdle();
            }
            Collect();
            CollectTickets();
            Trace($"chain: {_chain.MineBlock()}");
            Advance(_policy.ReplaceAfter + TimeSpan.FromSeconds(1));
        }
        var wallets = _lanes.Select(l => (l.Key, _store.Events(l.Key))).ToList();
        foreach (var v in SettlementInvariants.AtTheEnd(wallets, _settlementState.Read(), _chain, _topUpsAcknowledged.Keys)) Violation(v);
    }
}
