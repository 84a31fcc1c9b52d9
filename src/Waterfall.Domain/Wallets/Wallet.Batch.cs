namespace Waterfall.Domain.Wallets;

public sealed partial class Wallet
{
    /// <summary>
    /// Decides debits one after another, in order, as if each had arrived alone: an accepted one is
    /// applied before the next is decided, so a later item sees the credit an earlier one burned and
    /// a repeated key within the batch answers as a replay (or IDEMPOTENCY_KEY_REUSED). A refused item
    /// changes nothing and does not stop the others.
    /// </summary>
    public Outcome<DebitReceipt>[] Debit(IReadOnlyList<DebitWallet> commands, DateTimeOffset now)
    {
        var outcomes = new Outcome<DebitReceipt>[commands.Count];
        for (var i = 0; i < commands.Count; i++) outcomes[i] = Debit(commands[i], now);
        return outcomes;
    }
}
