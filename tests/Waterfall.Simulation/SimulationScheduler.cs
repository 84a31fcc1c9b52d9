namespace Waterfall.Simulation;

/// <summary>
/// Runs every task of the simulated parts on the calling thread, one at a time, in the order they were
/// queued: with no thread pool and no wall clock involved, a seed decides everything that happens. Code
/// started with <see cref="Run"/> keeps this scheduler for its continuations (an await captures it).
/// </summary>
internal sealed class SimulationScheduler : TaskScheduler
{
    private readonly Queue<Task> _ready = new();

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Starts <paramref name="work"/> on this scheduler; it runs when the queue is next drained.</summary>
    public Task<T> Run<T>(Func<Task<T>> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None, this).Unwrap();

    public Task Run(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None, this).Unwrap();

    /// <summary>Runs queued tasks, and whatever they queue, until nothing is ready.</summary>
    public void RunUntilIdle()
    {
        while (_ready.TryDequeue(out var task)) TryExecuteTask(task);
    }

    protected override void QueueTask(Task task) => _ready.Enqueue(task);

    // Inline only when already draining on this scheduler: keeps the order the queue gives.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => _ready.ToArray();
}
