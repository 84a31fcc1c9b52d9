using System.Text.Json;
using Waterfall.Domain.Settlement;

namespace Waterfall.Simulation;

/// <summary>
/// The settlement grain's persistent state as the grain storage keeps it (the queue as JSON), with the seed's
/// faults: a write that fails, and a write that lands but whose acknowledgement is lost.
/// </summary>
internal sealed class SettlementStorage(Random random)
{
    private string _durable = JsonSerializer.Serialize(new SettlementQueue());

    /// <summary>No more faults (the end of a run).</summary>
    public bool Calm { get; set; }

    public int Faults { get; private set; }

    public SettlementQueue Read() => JsonSerializer.Deserialize<SettlementQueue>(_durable)!;

    public void Write(SettlementQueue queue)
    {
        var pick = Calm ? 100 : random.Next(100);
        if (pick < 3)
        {
            Faults++;
            throw new IOException("simulated settlement state write failure");
        }
        _durable = JsonSerializer.Serialize(queue);
        if (pick < 5)
        {
            Faults++;
            throw new IOException("simulated lost acknowledgement: the settlement state is stored");
        }
    }
}
