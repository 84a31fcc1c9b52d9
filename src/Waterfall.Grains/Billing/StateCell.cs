namespace Waterfall.Grains.Billing;

/// <summary>A billing grain's persisted value; null until first written.</summary>
[GenerateSerializer, Alias("wf.BillingState`1")]
public sealed class StateCell<T> where T : class
{
    [Id(0)] public T? Value { get; set; }
}

internal static class PersistentStates
{
    /// <summary>Writes a new value; if the store fails, the grain keeps the value it had, and the caller sees the failure.</summary>
    public static async Task Put<T>(this IPersistentState<StateCell<T>> state, T value) where T : class
    {
        var before = state.State.Value;
        state.State.Value = value;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Value = before;
            throw;
        }
    }
}
