using Orleans.Storage;

namespace Waterfall.Testing;

/// <summary>
/// The cluster's default grain storage (in memory) with writes that fail on demand: arm it with
/// <see cref="FailNextWrite{T}"/> and the next matching write throws before it reaches the store, as a
/// database that is down would. A grain's recovery from a failed write can then be tested against what is
/// actually stored (<see cref="ReadStoredAsync{T}"/>), not against what the grain holds in memory.
/// Set it as <see cref="WaterfallTestClusterOptions.GrainStorage"/>.
/// </summary>
public sealed class FailingGrainStorage : IGrainStorage
{
    private readonly Lock _lock = new();
    private IGrainStorage? _inner;
    private Func<string, object?, bool>? _failNext;

    /// <summary>The grain whose write failed last (to read its stored state back).</summary>
    public GrainId? LastFailed { get; private set; }

    public int WritesFailed { get; private set; }

    /// <summary>Fails the next write of <paramref name="stateName"/> (a grain's <c>[PersistentState]</c> name) whose state meets <paramref name="when"/>.</summary>
    public void FailNextWrite<T>(string stateName, Func<T, bool>? when = null)
    {
        lock (_lock) _failNext = (name, state) => name == stateName && state is T typed && (when?.Invoke(typed) ?? true);
    }

    /// <summary>The state as the store holds it (default when it holds none).</summary>
    public async Task<T?> ReadStoredAsync<T>(string stateName, GrainId grainId)
    {
        var stored = new GrainState<T>();
        await Inner.ReadStateAsync(stateName, grainId, stored);
        return stored.State;
    }

    internal void Wrap(IGrainStorage inner)
    {
        lock (_lock) _inner ??= inner; // every silo's memory storage is the same cluster-wide store
    }

    private IGrainStorage Inner => _inner ?? throw new InvalidOperationException("The cluster has not started with this storage.");

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_lock)
        {
            if (_failNext is { } fails && fails(stateName, grainState.State))
            {
                _failNext = null;
                LastFailed = grainId;
                WritesFailed++;
                throw new IOException($"Planted failure of the write of {stateName} for {grainId}.");
            }
        }
        return Inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Inner.ClearStateAsync(stateName, grainId, grainState);
}
