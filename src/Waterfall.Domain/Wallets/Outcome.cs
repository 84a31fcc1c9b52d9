namespace Waterfall.Domain.Wallets;

/// <summary>
/// The answer to a wallet command: a receipt, or a refusal that changed nothing. The events
/// are what the wallet applied to itself and must be made durable before the answer is given.
/// </summary>
public readonly struct Outcome<T> where T : Receipt
{
    private Outcome(T? receipt, Refusal? refusal, bool isReplay, IReadOnlyList<WalletEvent> events)
    {
        Receipt = receipt;
        Refusal = refusal;
        IsReplay = isReplay;
        Events = events;
    }

    public T? Receipt { get; }
    public Refusal? Refusal { get; }

    /// <summary>True when the idempotency key had already been used for the same request.</summary>
    public bool IsReplay { get; }

    public IReadOnlyList<WalletEvent> Events { get; }

    public bool IsAccepted => Receipt is not null;

    public static Outcome<T> Accepted(T receipt, WalletEvent @event) => new(receipt, null, false, [@event]);

    /// <summary>Accepted with more than one event (e.g. a debit and the refill it called for), in the order applied.</summary>
    public static Outcome<T> Accepted(T receipt, IReadOnlyList<WalletEvent> events) => new(receipt, null, false, events);

    public static Outcome<T> Replayed(T receipt) => new(receipt, null, true, []);

    public static Outcome<T> Refused(Refusal refusal) => new(null, refusal, false, []);

    public static implicit operator Outcome<T>(Refusal refusal) => Refused(refusal);

    public override string ToString() => Receipt?.ToString() ?? Refusal?.ToString() ?? "(empty)";
}
