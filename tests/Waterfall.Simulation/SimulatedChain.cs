using System.Globalization;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;

namespace Waterfall.Simulation;

/// <summary>
/// The settlement account's chain, driven by the seed: a broadcast may be dropped (never reaches a node), a
/// transaction may be evicted from the mempool, a block mines one of the versions sent for the account's next
/// nonce (an original or its replacement), reverts it, or lets another transaction of the account take that
/// nonce. Each authorization settles once: a second use of its nonce fails on chain, as EIP-3009 makes it,
/// and a payer who moved the funds first fails too. The node answers from a view of the chain that lags the
/// head and catches up (late receipts), but never goes back: receipts and the account's mined nonce are read
/// from the same view, as one node serves them.
/// </summary>
internal sealed class SimulatedChain(Random random) : ISettlementChain
{
    private const long FirstBlock = 1_000;

    private readonly Dictionary<string, Sent> _sent = [];
    private readonly HashSet<string> _mempool = [];
    private readonly HashSet<string> _used = [];
    private readonly HashSet<string> _broke = [];
    private readonly List<ChainTransfer> _transfers = [];
    // The block each account nonce was mined in, indexed by nonce: what the account has mined as of a view.
    private readonly List<long> _nonceMinedIn = [];
    private long _head = FirstBlock;
    private long _view = FirstBlock;
    private int _hashes;

    private sealed record Sent(SignedSettlement Signed, IReadOnlyList<SettlementItem> Items)
    {
        public long? MinedIn { get; set; }
        public bool Reverted { get; set; }
        public Dictionary<string, AuthorizationOutcome> Outcomes { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>No more faults: every broadcast reaches the mempool, no block reverts or is taken by another transaction, the node keeps up.</summary>
    public bool Calm { get; set; }

    /// <summary>Every transfer to the payee mined so far.</summary>
    public IReadOnlyList<ChainTransfer> Transfers => _transfers;

    public long Head => _head;

    /// <summary>Authorizations settled on chain, by nonce.</summary>
    public bool Settled(string nonce) => _used.Contains(nonce.ToLowerInvariant());

    /// <summary>The payer moved the funds before this authorization settles: its transfer will fail.</summary>
    public void Broke(string nonce) => _broke.Add(nonce.ToLowerInvariant());

    public Task<SignedSettlement> SignAsync(SettlementTarget target, IReadOnlyList<SettlementItem> items, SignedSettlement? replacing, CancellationToken cancellationToken)
    {
        var nonce = replacing?.AccountNonce ?? PendingNonce();
        var fee = replacing is null ? 1_000_000_000L : long.Parse(replacing.MaxFeePerGas, CultureInfo.InvariantCulture) * 5 / 4;
        var hash = "0x" + (++_hashes).ToString("x64", CultureInfo.InvariantCulture);
        var signed = new SignedSettlement(hash, "raw:" + hash, nonce, fee.ToString(CultureInfo.InvariantCulture), "1");
        _sent[hash] = new Sent(signed, [.. items]);
        return Task.FromResult(signed);
    }

    public Task BroadcastAsync(SettlementTarget target, string rawTransaction, CancellationToken cancellationToken)
    {
        var hash = rawTransaction["raw:".Length..];
        if (!Calm && random.Next(100) < 8) return Task.CompletedTask; // lost on its way: no node has it
        if (_sent[hash].MinedIn is null && _sent[hash].Signed.AccountNonce >= _nonceMinedIn.Count) _mempool.Add(hash);
        return Task.CompletedTask;
    }

    public Task<SettlementReceipt?> GetReceiptAsync(SettlementTarget target, string transactionHash, CancellationToken cancellationToken)
    {
        CatchUp();
        if (!_sent.TryGetValue(transactionHash, out var sent) || sent.MinedIn is not { } block || block > _view)
            return Task.FromResult<SettlementReceipt?>(null);
        return Task.FromResult<SettlementReceipt?>(new SettlementReceipt(transactionHash, !sent.Reverted, block, _view - block + 1, sent.Outcomes));
    }

    public Task<long> GetMinedNonceAsync(SettlementTarget target, CancellationToken cancellationToken)
    {
        CatchUp();
        return Task.FromResult((long)_nonceMinedIn.Count(b => b <= _view));
    }

    public Task<IReadOnlyList<ChainTransfer>> GetTransfersToPayeeAsync(SettlementTarget target, long fromBlock, long toBlock, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ChainTransfer>>([.. _transfers.Where(t => t.BlockNumber >= fromBlock && t.BlockNumber <= toBlock)]);

    /// <summary>A node loses a transaction it had (evicted, or the node restarted): only a re-send brings it back.</summary>
    public string? Evict()
    {
        if (_mempool.Count == 0) return null;
        var hash = _mempool.Order(StringComparer.Ordinal).ElementAt(random.Next(_mempool.Count));
        _mempool.Remove(hash);
        return hash;
    }

    /// <summary>The next block: it mines a version sent for the account's next nonce, if any, and deepens every earlier one.</summary>
    public string MineBlock()
    {
        _head++;
        var next = _nonceMinedIn.Count;
        var candidates = _mempool.Where(h => _sent[h].Signed.AccountNonce == next).Order(StringComparer.Ordinal).ToList();
        string what;
        if (!Calm && random.Next(100) < 3)
        {
            _nonceMinedIn.Add(_head); // another transaction of the settlement account took the nonce
            what = $"block {_head}: another transaction takes nonce {next}";
        }
        else if (candidates.Count == 0) what = $"block {_head}: empty";
        else
        {
            // Usually the highest fee wins, but a node may mine the version it saw first.
            var hash = random.Next(4) == 0 ? candidates[random.Next(candidates.Count)] : candidates.MaxBy(h => long.Parse(_sent[h].Signed.MaxFeePerGas, CultureInfo.InvariantCulture))!;
            what = Mine(_sent[hash]);
        }
        _mempool.RemoveWhere(h => _sent[h].Signed.AccountNonce < _nonceMinedIn.Count);
        if (Calm) _view = _head;
        return what;
    }

    private string Mine(Sent sent)
    {
        _nonceMinedIn.Add(_head);
        sent.MinedIn = _head;
        if (!Calm && random.Next(100) < 10)
        {
            sent.Reverted = true;
            return $"block {_head}: {sent.Signed.Hash[^4..]} reverts";
        }
        foreach (var item in sent.Items)
        {
            var nonce = item.Nonce.ToLowerInvariant();
            if (_used.Contains(nonce)) sent.Outcomes[nonce] = new AuthorizationOutcome(false, "FiatTokenV2: authorization is used or canceled");
            else if (_broke.Contains(nonce)) sent.Outcomes[nonce] = new AuthorizationOutcome(false, "ERC20: transfer amount exceeds balance");
            else
            {
                _used.Add(nonce);
                sent.Outcomes[nonce] = new AuthorizationOutcome(true, null);
                _transfers.Add(new ChainTransfer(sent.Signed.Hash, _head, item.From, item.To, item.Value));
            }
        }
        return $"block {_head}: {sent.Signed.Hash[^4..]} mined ({sent.Outcomes.Count(o => o.Value.Settled)} of {sent.Items.Count} settle)";
    }

    /// <summary>The account's nonce counting what the mempool holds (eth_getTransactionCount at "pending"): signing alone takes no nonce.</summary>
    private long PendingNonce()
    {
        var nonces = _mempool.Select(h => _sent[h].Signed.AccountNonce).ToHashSet();
        long next = _nonceMinedIn.Count;
        while (nonces.Contains(next)) next++;
        return next;
    }

    // A lagging node catches up now and then; it never answers from an older view than it did before.
    private void CatchUp()
    {
        if (Calm || random.Next(2) == 0) _view = _head;
    }
}
