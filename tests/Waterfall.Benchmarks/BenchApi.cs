using Grpc.Core;
using Npgsql;
using Waterfall.LoadGen.Bench;

namespace Waterfall.Benchmarks;

/// <summary>
/// The reference points, served on the same server as the real API: a no-op call (the ceiling)
/// and the conventional design (a PostgreSQL transaction per call with the wallet row locked).
/// </summary>
public sealed class BenchApi(BaselineDatabase database) : Bench.BenchBase
{
    private static readonly NoopResponse Nothing = new();

    public override Task<NoopResponse> Noop(NoopRequest request, ServerCallContext context) => Task.FromResult(Nothing);

    public override async Task<BaselineDebitResponse> BaselineDebit(BaselineDebitRequest request, ServerCallContext context)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        var (balance, held) = await LockWallet(connection, transaction, request.WalletId, context.CancellationToken);
        if (balance - held < request.Amount)
            return new BaselineDebitResponse { InsufficientFunds = true, BalanceAfter = balance };
        if (!await Journal(connection, transaction, request.WalletId, request.IdempotencyKey, "debit", request.Amount, context.CancellationToken))
            return new BaselineDebitResponse { BalanceAfter = balance }; // a replay: answered, nothing applied
        await using (var update = new NpgsqlCommand("UPDATE baseline_wallets SET balance = balance - $2 WHERE wallet_id = $1", connection, transaction))
        {
            update.Parameters.Add(new() { Value = request.WalletId });
            update.Parameters.Add(new() { Value = request.Amount });
            await update.ExecuteNonQueryAsync(context.CancellationToken);
        }
        await transaction.CommitAsync(context.CancellationToken);
        return new BaselineDebitResponse { BalanceAfter = balance - request.Amount };
    }

    public override async Task<BaselineAuthorizeResponse> BaselineAuthorize(BaselineAuthorizeRequest request, ServerCallContext context)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        var (balance, held) = await LockWallet(connection, transaction, request.WalletId, context.CancellationToken);
        if (balance - held < request.Amount) return new BaselineAuthorizeResponse { InsufficientFunds = true };
        await Journal(connection, transaction, request.WalletId, request.IdempotencyKey, "authorize", request.Amount, context.CancellationToken);
        long holdId;
        await using (var insert = new NpgsqlCommand("INSERT INTO baseline_holds (wallet_id, amount) VALUES ($1, $2) RETURNING hold_id", connection, transaction))
        {
            insert.Parameters.Add(new() { Value = request.WalletId });
            insert.Parameters.Add(new() { Value = request.Amount });
            holdId = (long)(await insert.ExecuteScalarAsync(context.CancellationToken))!;
        }
        await using (var update = new NpgsqlCommand("UPDATE baseline_wallets SET held = held + $2 WHERE wallet_id = $1", connection, transaction))
        {
            update.Parameters.Add(new() { Value = request.WalletId });
            update.Parameters.Add(new() { Value = request.Amount });
            await update.ExecuteNonQueryAsync(context.CancellationToken);
        }
        await transaction.CommitAsync(context.CancellationToken);
        return new BaselineAuthorizeResponse { HoldId = holdId };
    }

    public override async Task<BaselineCaptureResponse> BaselineCapture(BaselineCaptureRequest request, ServerCallContext context)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        var (balance, _) = await LockWallet(connection, transaction, request.WalletId, context.CancellationToken);
        long reserved;
        await using (var close = new NpgsqlCommand("UPDATE baseline_holds SET open = false WHERE hold_id = $1 AND open RETURNING amount", connection, transaction))
        {
            close.Parameters.Add(new() { Value = request.HoldId });
            reserved = (long?)await close.ExecuteScalarAsync(context.CancellationToken) ?? throw new RpcException(new Status(StatusCode.NotFound, "hold"));
        }
        await Journal(connection, transaction, request.WalletId, request.IdempotencyKey, "capture", request.Amount, context.CancellationToken);
        await using (var update = new NpgsqlCommand("UPDATE baseline_wallets SET balance = balance - $2, held = held - $3 WHERE wallet_id = $1", connection, transaction))
        {
            update.Parameters.Add(new() { Value = request.WalletId });
            update.Parameters.Add(new() { Value = request.Amount });
            update.Parameters.Add(new() { Value = reserved });
            await update.ExecuteNonQueryAsync(context.CancellationToken);
        }
        await transaction.CommitAsync(context.CancellationToken);
        return new BaselineCaptureResponse { BalanceAfter = balance - request.Amount };
    }

    public override async Task<BaselineExtendResponse> BaselineExtend(BaselineExtendRequest request, ServerCallContext context)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        await using (var extend = new NpgsqlCommand(
            "UPDATE baseline_holds SET expires_at = now() + make_interval(secs => $2) WHERE hold_id = $1 AND open", connection, transaction))
        {
            extend.Parameters.Add(new() { Value = request.HoldId });
            extend.Parameters.Add(new() { Value = (double)request.TtlSeconds });
            if (await extend.ExecuteNonQueryAsync(context.CancellationToken) == 0) throw new RpcException(new Status(StatusCode.NotFound, "hold"));
        }
        await Journal(connection, transaction, request.WalletId, request.IdempotencyKey, "extend", 0, context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        return new BaselineExtendResponse();
    }

    public override async Task<BaselineSetupResponse> BaselineSetup(BaselineSetupRequest request, ServerCallContext context)
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO baseline_wallets (wallet_id, balance) SELECT unnest($1::text[]), $2 ON CONFLICT (wallet_id) DO NOTHING");
        command.Parameters.Add(new() { Value = request.WalletIds.ToArray() });
        command.Parameters.Add(new() { Value = request.Balance });
        await command.ExecuteNonQueryAsync(context.CancellationToken);
        return new BaselineSetupResponse();
    }

    public override async Task<BaselineAuditResponse> BaselineAudit(BaselineAuditRequest request, ServerCallContext context)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT w.wallet_id, w.balance, (SELECT count(*) FROM baseline_journal j WHERE j.wallet_id = w.wallet_id)
            FROM baseline_wallets w WHERE w.wallet_id = ANY($1)
            """);
        command.Parameters.Add(new() { Value = request.WalletIds.ToArray() });
        var response = new BaselineAuditResponse();
        await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
        while (await reader.ReadAsync(context.CancellationToken))
        {
            response.Balances[reader.GetString(0)] = reader.GetInt64(1);
            response.JournalRows[reader.GetString(0)] = reader.GetInt64(2);
        }
        return response;
    }

    private static async Task<(long Balance, long Held)> LockWallet(NpgsqlConnection connection, NpgsqlTransaction transaction, string walletId, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand("SELECT balance, held FROM baseline_wallets WHERE wallet_id = $1 FOR UPDATE", connection, transaction);
        select.Parameters.Add(new() { Value = walletId });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) throw new RpcException(new Status(StatusCode.NotFound, $"wallet {walletId}"));
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Inserts the journal row; false when the idempotency key was already used.</summary>
    private static async Task<bool> Journal(NpgsqlConnection connection, NpgsqlTransaction transaction, string walletId, string key, string kind, long amount, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO baseline_journal (wallet_id, idempotency_key, kind, amount) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", connection, transaction);
        insert.Parameters.Add(new() { Value = walletId });
        insert.Parameters.Add(new() { Value = key });
        insert.Parameters.Add(new() { Value = kind });
        insert.Parameters.Add(new() { Value = amount });
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
