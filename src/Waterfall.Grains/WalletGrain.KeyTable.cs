using Waterfall.Contracts;
using Waterfall.Domain.Idempotency;
using D = Waterfall.Domain.Wallets;
using Identifier = Waterfall.Domain.Identifier;
using Wallet = Waterfall.Domain.Wallets.Wallet;

namespace Waterfall.Grains;

/// <summary>Answers from the durable key table, for keys the wallet's window no longer holds, or holds without their receipt.</summary>
public sealed partial class WalletGrain
{
    private KeyTableReader KeyTable => _keyTable ??= new KeyTableReader(journal, _wallet.Key);

    public async Task<RecalledReceipt?> Recall(string operation, string idempotencyKey)
    {
        if (ContractMapping.RecallableOperation(operation) is not { } kind || !Identifier.IsValid(idempotencyKey)) return null;
        var seen = _wallet.Idempotency.TryGet(kind, idempotencyKey, out var remembered);
        if (seen)
        {
            // The window knows a key from the moment it is decided: answer only once it is durable.
            await Durable(_writer.WhenDurable());
            if (remembered.Receipt is { } held) return held.ToRecalled(operation);
        }
        // Same rule as a command's retry: only a wallet that forgot keys by count may hold one in the durable table alone.
        else if (!_wallet.Idempotency.MayHaveForgotten(idempotencyKey)) return null;
        var stored = await journal.FindIdempotencyAsync(_wallet.Key, kind, idempotencyKey);
        if (stored is null || stored.At <= clock.Now - options.Value.IdempotencyRetention) return null;
        return stored.Receipt?.ToRecalled(operation);
    }

    /// <summary>
    /// A wallet that has had to forget keys because its window was full asks the durable key
    /// table about a key it doesn't hold, before deciding: a retry of an old call is still a replay.
    /// </summary>
    private async Task<Reply<TContract>?> RecallForgottenKey<TReceipt, TContract>(D.WalletCommand command, Func<TReceipt, TContract> map)
        where TReceipt : D.Receipt where TContract : class =>
        await MustReadKeyTable(command)
            ? FromKeyTable(command, await KeyTable.Read([command.IdempotencyKey]), map)
            : null;

    /// <summary>Whether the answer to <paramref name="command"/>'s key may be in the durable key table alone.</summary>
    private async Task<bool> MustReadKeyTable(D.WalletCommand command)
    {
        if (!_wallet.Idempotency.TryGet(command.Operation, command.IdempotencyKey, out var remembered))
            return _wallet.Idempotency.MayHaveForgotten(command.IdempotencyKey);
        // A receipt held, or a different request under the key: the wallet answers that itself.
        if (remembered.Receipt is not null || remembered.Fingerprint != command.Fingerprint()) return false;
        // Seen, answer in the key table: the row may still be on its way there.
        await Durable(_writer.WhenDurable());
        return true;
    }

    /// <summary>The key table's answer for a key the window does not answer; null when the key is new.</summary>
    private Reply<TContract>? FromKeyTable<TReceipt, TContract>(D.WalletCommand command, ILookup<string, IdempotencyRecord> found, Func<TReceipt, TContract> map)
        where TReceipt : D.Receipt where TContract : class =>
        Wallet.FromKeyTable<TReceipt>(command, found[command.IdempotencyKey], clock.Now - options.Value.IdempotencyRetention)?.ToReply(map);
}
