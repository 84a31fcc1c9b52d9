namespace Waterfall.X402;

/// <summary>
/// "Now", in Unix seconds, for checking an authorization's validAfter/validBefore. The reference uses the
/// facilitator's wall clock; tests (and chains whose clock drifts) can use the chain's own block time.
/// </summary>
public interface IPaymentClock
{
    ValueTask<long> UnixNowAsync(X402Network network, CancellationToken cancellationToken = default);
}

/// <summary>The machine's clock, through a TimeProvider (so tests can also fake it).</summary>
public sealed class SystemPaymentClock : IPaymentClock
{
    private readonly TimeProvider _time;

    public SystemPaymentClock(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public ValueTask<long> UnixNowAsync(X402Network network, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_time.GetUtcNow().ToUnixTimeSeconds());
}

/// <summary>The timestamp of the chain's latest block: the clock the token itself checks the authorization against.</summary>
public sealed class ChainPaymentClock : IPaymentClock
{
    private readonly X402Chains _chains;

    public ChainPaymentClock(X402Chains chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        _chains = chains;
    }

    public async ValueTask<long> UnixNowAsync(X402Network network, CancellationToken cancellationToken = default)
    {
        var block = await _chains.For(network).GetBlockByNumberAsync(cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new Chain.Rpc.EthRpcProtocolException($"x402 network {network.Id}: the node returned no latest block.");
        return checked((long)block.Timestamp);
    }
}
