using Waterfall.Contracts.Dashboard;

namespace Waterfall.Grains.Dashboard;

/// <summary>The data-protection key ring in grain storage: the store every silo of the cluster shares.</summary>
public sealed class KeyRingGrain([PersistentState("keyring")] IPersistentState<KeyRingState> state) : Grain, IKeyRingGrain
{
    public Task<string[]> Keys() => Task.FromResult(state.State.Keys.Select(k => k.Xml).ToArray());

    public async Task Store(string name, string xml)
    {
        if (state.State.Keys.Any(k => k.Name == name)) return;
        var key = new StoredKey(name, xml);
        state.State.Keys.Add(key);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Keys.Remove(key);
            throw;
        }
    }
}

[GenerateSerializer, Alias("wf.KeyRingState")]
public sealed class KeyRingState
{
    [Id(0)] public List<StoredKey> Keys { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("wf.StoredKey")]
public sealed record StoredKey([property: Id(0)] string Name, [property: Id(1)] string Xml);
