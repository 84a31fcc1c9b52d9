using Waterfall.Domain;
using Waterfall.Domain.Wallets;

namespace Waterfall.Simulation;

/// <summary>A wallet's decision on a command, without the receipt's type: what the simulated client is answered.</summary>
internal sealed record Answer(Receipt? Receipt, Refusal? Refusal, bool Replayed, IReadOnlyList<WalletEvent> Events)
{
    public static Answer Of<T>(Outcome<T> outcome) where T : Receipt =>
        new(outcome.Receipt, outcome.Refusal, outcome.IsReplay, outcome.Events);

    public override string ToString() => Receipt is { } r ? $"{(Replayed ? "replayed" : "accepted")} @{r.Sequence}" : $"refused {Refusal?.Reason}";
}

/// <summary>One command a client sends, and how the wallet decides it.</summary>
internal sealed record Operation(WalletCommand Command, Func<Wallet, DateTimeOffset, Answer> Decide)
{
    public string Key => Command.IdempotencyKey;

    public override string ToString() => $"{Command.GetType().Name}({Key})";
}
