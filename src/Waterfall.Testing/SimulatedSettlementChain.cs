using System.Collections.Concurrent;
using System.Security.Cryptography;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;
using Waterfall.Grains.Settlement;

namespace Waterfall.Testing;

/// <summary>
/// A chain in memory for settlement tests: transactions are mined when the test says so (or at
/// once), and any authorization can be made to fail, any transaction to revert or to never be
/// mined. Records every transaction sent, so a test can count batches.
/// </summary>
public sealed class SimulatedSettlementChain : ISettlementChain
{
    private readonly ConcurrentDictionary<string, SentTransaction> _sent = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _failing = new(StringComparer.OrdinalIgnoreCase);
    private long _minedNonce;
    private long _nextNonce;
    private long _block = 100;

    public sealed record SentTransaction(SignedSettlement Signed, IReadOnlyList<string> Nonces, long GasPrice)
    {
        public long? MinedInBlock { get; set; }
        public bool Reverted { get; set; }
    }

    /// <summary>Mine every sent transaction at once (the default), or only when <see cref="MinePending"/> is called.</summary>
    public bool AutoMine { get; set; } = true;

    /// <summary>The next transaction sent reverts as a whole.</summary>
    public bool RevertNext { get; set; }

    /// <summary>Blocks produced after a transaction is mined, so it has confirmations beyond the first.</summary>
    public int BlocksAfterMining { get; set; } = 3;

    /// <summary>
    /// Mines what is pending the moment the account nonce is asked for: a transaction mined between a
    /// settlement's receipt query and its nonce query, the race a real node can present.
    /// </summary>
    public bool MineOnNonceQuery { get; set; }

    /// <summary>Produces empty blocks, adding confirmations to everything mined.</summary>
    public void MineBlocks(int count) => Interlocked.Add(ref _block, count);

    public IReadOnlyCollection<SentTransaction> Sent => _sent.Values.ToList();

    public IEnumerable<SentTransaction> Mined => _sent.Values.Where(t => t.MinedInBlock is not null);

    /// <summary>This authorization's transfer fails when mined (e.g. the payer moved the funds first).</summary>
    public void FailAuthorization(string nonce, string reason = "ERC20: transfer amount exceeds balance") => _failing[nonce] = reason;

    public Task<SignedSettlement> SignAsync(SettlementTarget target, IReadOnlyList<SettlementItem> items, SignedSettlement? replacing, CancellationToken cancellationToken)
    {
        var nonce = replacing?.AccountNonce ?? Interlocked.Increment(ref _nextNonce) - 1;
        var fee = replacing is null ? 1_000_000_000L : long.Parse(replacing.MaxFeePerGas, System.Globalization.CultureInfo.InvariantCulture) * 5 / 4;
        var hash = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var signed = new SignedSettlement(hash, $"raw:{hash}", nonce, fee.ToString(System.Globalization.CultureInfo.InvariantCulture), "1");
        _sent[hash] = new SentTransaction(signed, items.Select(i => i.Nonce).ToList(), fee);
        return Task.FromResult(signed);
    }

    public Task BroadcastAsync(SettlementTarget target, string rawTransaction, CancellationToken cancellationToken)
    {
        if (AutoMine) MinePending();
        return Task.CompletedTask;
    }

    /// <summary>Mines, for every account nonce not mined yet, the highest-fee transaction sent with it.</summary>
    public void MinePending()
    {
        foreach (var group in _sent.Values.Where(t => t.MinedInBlock is null).GroupBy(t => t.Signed.AccountNonce).OrderBy(g => g.Key))
        {
            if (group.Key < Interlocked.Read(ref _minedNonce)) continue;
            var winner = group.MaxBy(t => t.GasPrice)!;
            winner.Reverted = RevertNext;
            RevertNext = false;
            winner.MinedInBlock = Interlocked.Increment(ref _block);
            Interlocked.Exchange(ref _minedNonce, group.Key + 1);
            Interlocked.Add(ref _block, BlocksAfterMining);
        }
    }

    public Task<SettlementReceipt?> GetReceiptAsync(SettlementTarget target, string transactionHash, CancellationToken cancellationToken)
    {
        if (!_sent.TryGetValue(transactionHash, out var sent) || sent.MinedInBlock is not { } block)
            return Task.FromResult<SettlementReceipt?>(null);
        var outcomes = sent.Reverted
            ? new Dictionary<string, AuthorizationOutcome>()
            : sent.Nonces.ToDictionary(n => n, n => _failing.TryGetValue(n, out var reason) ? new AuthorizationOutcome(false, reason) : new AuthorizationOutcome(true, null), StringComparer.OrdinalIgnoreCase);
        return Task.FromResult<SettlementReceipt?>(new SettlementReceipt(transactionHash, !sent.Reverted, block, Interlocked.Read(ref _block) - block + 1, outcomes));
    }

    public Task<long> GetMinedNonceAsync(SettlementTarget target, CancellationToken cancellationToken)
    {
        if (MineOnNonceQuery) MinePending();
        return Task.FromResult(Interlocked.Read(ref _minedNonce));
    }

    public Task<IReadOnlyList<ChainTransfer>> GetTransfersToPayeeAsync(SettlementTarget target, long fromBlock, long toBlock, CancellationToken cancellationToken)
    {
        IReadOnlyList<ChainTransfer> transfers = [];
        return Task.FromResult(transfers);
    }
}
