using System.Text.Json;

namespace Waterfall.Simulation;

/// <summary>
/// A grain's persistent state as grain storage keeps it (as JSON, so what is read is a copy), with the seed's
/// faults: a write that fails, and a write that lands but whose acknowledgement is lost.
/// </summary>
internal sealed class SimulatedGrainStorage<T>(Random random) where T : new()
{
    private string _durable = JsonSerializer.Serialize(new T());

    /// <summary>No more faults (the end of a run).</summary>
    public bool Calm { get; set; }

    public int Faults { get; private set; }

    public T Read() => JsonSerializer.Deserialize<T>(_durable)!;

    public void Write(T state)
    {
        var pick = Calm ? 100 : random.Next(100);
        if (pick < 3)
        {
            Faults++;
            throw new IOException("simulated grain state write failure");
        }
        _durable = JsonSerializer.Serialize(state);
        if (pick < 5)
        {
            Faults++;
            throw new IOException("simulated lost acknowledgement: the grain state is stored");
        }
    }
}
