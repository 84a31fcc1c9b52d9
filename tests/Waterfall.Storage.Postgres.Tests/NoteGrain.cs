using Orleans.Runtime;

namespace Waterfall.Storage.Postgres.Tests;

/// <summary>A grain whose state lives in the default grain storage (ADO.NET on PostgreSQL).</summary>
[Alias("waterfall.tests.INoteGrain")]
public interface INoteGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task<NoteState> Add(string note, long amount);

    [Alias("Get")]
    Task<NoteState> Get();

    /// <summary>Deactivates after this call, so the next call reads the state back from storage.</summary>
    [Alias("Deactivate")]
    Task Deactivate();

    /// <summary>The silo this activation runs on.</summary>
    [Alias("Silo")]
    Task<string> Silo();

    [Alias("StartReminder")]
    Task StartReminder(string name, TimeSpan dueTime, TimeSpan period);

    [Alias("StopReminder")]
    Task StopReminder(string name);
}

[GenerateSerializer]
[Alias("waterfall.tests.NoteState")]
public sealed class NoteState
{
    [Id(0)]
    public List<string> Notes { get; set; } = [];

    [Id(1)]
    public long Total { get; set; }

    [Id(2)]
    public int ReminderTicks { get; set; }

    [Id(3)]
    public DateTimeOffset? LastTick { get; set; }
}

/// <summary>Prefers the silo it is first called from, so a test can put an activation where it wants it.</summary>
[Orleans.Placement.PreferLocalPlacement]
public sealed class NoteGrain([PersistentState("note")] IPersistentState<NoteState> state, ILocalSiloDetails silo)
    : Grain, INoteGrain, IRemindable
{
    public async Task<NoteState> Add(string note, long amount)
    {
        state.State.Notes.Add(note);
        state.State.Total += amount;
        await state.WriteStateAsync();
        return state.State;
    }

    public Task<NoteState> Get() => Task.FromResult(state.State);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<string> Silo() => Task.FromResult(silo.SiloAddress.ToParsableString());

    public Task StartReminder(string name, TimeSpan dueTime, TimeSpan period) =>
        this.RegisterOrUpdateReminder(name, dueTime, period);

    public async Task StopReminder(string name)
    {
        var reminder = await this.GetReminder(name);
        if (reminder is not null)
            await this.UnregisterReminder(reminder);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.ReminderTicks++;
        state.State.LastTick = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
    }
}
