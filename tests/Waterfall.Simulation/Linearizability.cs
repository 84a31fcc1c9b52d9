namespace Waterfall.Simulation;

/// <summary>One call of a recorded history: who made it, when it was sent and answered (any monotonic clock), and what it was answered.</summary>
public sealed record HistoryEntry<TCall, TResult>(int Client, long Invoked, long Completed, TCall Call, TResult Result);

/// <summary>
/// Linearizability of a recorded history against a sequential model (Wing and Gong's search, with the
/// memo Lowe added): is there one serial order of the calls, each placed between its sending and its
/// answer, in which the model gives every call the answer it really got? Answers the order, or null.
/// </summary>
public static class Linearizability
{
    public static IReadOnlyList<int>? Check<TState, TCall, TResult>(
        IReadOnlyList<HistoryEntry<TCall, TResult>> history,
        TState initial,
        Func<TState, TCall, (TState State, TResult Result)> step,
        IEqualityComparer<TResult>? results = null)
        where TState : notnull
    {
        results ??= EqualityComparer<TResult>.Default;
        var done = new bool[history.Count];
        // The set of calls placed so far, hashed (Zobrist: one random 128-bit key per call, xor-ed in and out),
        // with the model's state: a pair already found to lead nowhere is not searched again.
        var random = new Random(20_260_601);
        var keys = history.Select(_ => (random.NextInt64(), random.NextInt64())).ToArray();
        var failed = new HashSet<(long, long, TState)>();
        var order = new List<int>(history.Count);
        return Search((0, 0), initial) ? order : null;

        bool Search((long A, long B) placed, TState state)
        {
            if (order.Count == history.Count) return true;
            if (failed.Contains((placed.A, placed.B, state))) return false;
            // A call may come next only if it was sent before every call still open was answered.
            var earliestAnswer = long.MaxValue;
            for (var i = 0; i < history.Count; i++)
                if (!done[i]) earliestAnswer = Math.Min(earliestAnswer, history[i].Completed);
            for (var i = 0; i < history.Count; i++)
            {
                if (done[i] || history[i].Invoked > earliestAnswer) continue;
                var (next, result) = step(state, history[i].Call);
                if (!results.Equals(result, history[i].Result)) continue;
                done[i] = true;
                order.Add(i);
                if (Search((placed.A ^ keys[i].Item1, placed.B ^ keys[i].Item2), next)) return true;
                order.RemoveAt(order.Count - 1);
                done[i] = false;
            }
            failed.Add((placed.A, placed.B, state));
            return false;
        }
    }
}
