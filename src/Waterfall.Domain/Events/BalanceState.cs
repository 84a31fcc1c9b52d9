namespace Waterfall.Domain.Events;

/// <summary>
/// Where a wallet's spendable money stands against its low-balance threshold. Crossings are
/// changes of this state, so a threshold crossed once announces once, however many debits follow below it.
/// </summary>
/// <param name="Available">USD the wallet's postings leave unheld, in nano-dollars.</param>
/// <param name="Threshold">The wallet's low-balance threshold in nano-dollars; null when it has none.</param>
public readonly record struct BalanceState(bool IsOpen, long Available, long? Threshold)
{
    public static readonly BalanceState Closed = new(false, 0, null);

    public bool IsLow => IsOpen && Threshold is { } t && Available < t;

    public bool IsDepleted => IsOpen && Available <= 0;
}
