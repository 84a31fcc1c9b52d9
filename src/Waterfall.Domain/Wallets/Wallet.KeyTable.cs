using Waterfall.Domain.Idempotency;

namespace Waterfall.Domain.Wallets;

public sealed partial class Wallet
{
    /// <summary>
    /// What the durable key table answers for a command whose key the window does not answer (forgotten by count, or
    /// held without its receipt): the first receipt again, a refusal of the key, or null for a key that is new. Only
    /// records recorded after <paramref name="retainedSince"/> count: older ones are past retention, as if purged.
    /// </summary>
    public static Outcome<T>? FromKeyTable<T>(WalletCommand command, IEnumerable<IdempotencyRecord> records, DateTimeOffset retainedSince) where T : Receipt
    {
        // One read for every operation: a key the window forgot may have been a different operation's.
        var retained = records.Where(r => r.At > retainedSince).ToList();
        var record = retained.FirstOrDefault(r => r.Operation == command.Operation);
        if (record is null)
        {
            var other = retained.FirstOrDefault(r => !KeyScope.SharesKeys(r.Operation, command.Operation));
            if (other is null) return null;
            return KeyUsedForOtherOperation(command, other.Operation);
        }
        return record.Fingerprint == command.Fingerprint() && record.Receipt is T receipt
            ? Outcome<T>.Replayed(receipt)
            : KeyReusedForDifferentRequest(command);
    }

    /// <summary>A key sent again with a different request for the same operation.</summary>
    public static Refusal KeyReusedForDifferentRequest(WalletCommand command) =>
        Refusal.Of(Reasons.IdempotencyKeyReused,
            $"Idempotency key '{command.IdempotencyKey}' was already used for a different {command.Operation} request.",
            new Dictionary<string, string> { ["idempotency_key"] = command.IdempotencyKey });
}
