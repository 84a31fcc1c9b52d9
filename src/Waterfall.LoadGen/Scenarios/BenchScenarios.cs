using Waterfall.LoadGen.Bench;

namespace Waterfall.LoadGen.Scenarios;

/// <summary>The ceiling: a gRPC call that does nothing, on the same server.</summary>
public sealed class NoopScenario : IScenario
{
    public string Name => "noop";

    public Task SetupAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<string?> RunAsync(Connection connection, string walletId, string key, CancellationToken cancellationToken)
    {
        await connection.Bench.NoopAsync(new NoopRequest { WalletId = walletId }, cancellationToken: cancellationToken);
        return null;
    }

    public Task<AuditResult> AuditAsync(IReadOnlyDictionary<string, List<string>> acknowledgedKeysByWallet, CancellationToken cancellationToken) =>
        Task.FromResult(new AuditResult(true, "nothing to audit"));
}

/// <summary>The conventional design, served by the benchmark harness: a locked row per wallet in PostgreSQL.</summary>
public abstract class BaselineScenario(LoadOptions options, IReadOnlyList<string> wallets, Connection admin) : IScenario
{
    public abstract string Name { get; }
    protected LoadOptions Options { get; } = options;

    public async Task SetupAsync(CancellationToken cancellationToken)
    {
        foreach (var chunk in wallets.Chunk(1_000))
        {
            var request = new BaselineSetupRequest { Balance = 10_000_000_000_000_000 };
            request.WalletIds.AddRange(chunk);
            await admin.Bench.BaselineSetupAsync(request, cancellationToken: cancellationToken);
        }
    }

    public abstract Task<string?> RunAsync(Connection connection, string walletId, string key, CancellationToken cancellationToken);

    public async Task<AuditResult> AuditAsync(IReadOnlyDictionary<string, List<string>> acknowledgedKeysByWallet, CancellationToken cancellationToken)
    {
        var mismatches = new List<string>();
        long audited = 0;
        foreach (var chunk in wallets.Chunk(1_000))
        {
            var request = new BaselineAuditRequest();
            request.WalletIds.AddRange(chunk);
            var audit = await admin.Bench.BaselineAuditAsync(request, cancellationToken: cancellationToken);
            foreach (var wallet in chunk)
            {
                var acknowledged = acknowledgedKeysByWallet.TryGetValue(wallet, out var keys) ? keys.Count : 0;
                var rows = audit.JournalRows.GetValueOrDefault(wallet);
                audited += rows;
                if (rows != acknowledged * RowsPerOperation) mismatches.Add($"{wallet}: {rows} journal rows for {acknowledged} acknowledged operations");
            }
        }
        return mismatches.Count == 0
            ? new AuditResult(true, $"journal matches: {audited:N0} rows for the acknowledged operations")
            : new AuditResult(false, string.Join("; ", mismatches.Take(10)));
    }

    protected abstract int RowsPerOperation { get; }
}

public sealed class BaselineDebitScenario(LoadOptions options, IReadOnlyList<string> wallets, Connection admin) : BaselineScenario(options, wallets, admin)
{
    public override string Name => "baseline-debit";
    protected override int RowsPerOperation => 1;

    public override async Task<string?> RunAsync(Connection connection, string walletId, string key, CancellationToken cancellationToken)
    {
        var reply = await connection.Bench.BaselineDebitAsync(new BaselineDebitRequest { WalletId = walletId, IdempotencyKey = key, Amount = Options.Price }, cancellationToken: cancellationToken);
        return reply.InsufficientFunds ? "INSUFFICIENT_FUNDS" : null;
    }
}

public sealed class BaselineAuthorizeCaptureScenario(LoadOptions options, IReadOnlyList<string> wallets, Connection admin) : BaselineScenario(options, wallets, admin)
{
    public override string Name => "baseline-authorize-capture";
    protected override int RowsPerOperation => 2;

    public override async Task<string?> RunAsync(Connection connection, string walletId, string key, CancellationToken cancellationToken)
    {
        var hold = await connection.Bench.BaselineAuthorizeAsync(new BaselineAuthorizeRequest { WalletId = walletId, IdempotencyKey = key, Amount = Options.Price * 4 }, cancellationToken: cancellationToken);
        if (hold.InsufficientFunds) return "INSUFFICIENT_FUNDS";
        await connection.Bench.BaselineCaptureAsync(new BaselineCaptureRequest { WalletId = walletId, IdempotencyKey = key, HoldId = hold.HoldId, Amount = Options.Price }, cancellationToken: cancellationToken);
        return null;
    }
}

/// <summary>The conventional hold with three extends: five transactions, five journal rows per operation.</summary>
public sealed class BaselineAuthorizeExtendCaptureScenario(LoadOptions options, IReadOnlyList<string> wallets, Connection admin) : BaselineScenario(options, wallets, admin)
{
    public override string Name => "baseline-authorize-extend-capture";
    protected override int RowsPerOperation => 2 + AuthorizeExtendCaptureScenario.Extends;

    public override async Task<string?> RunAsync(Connection connection, string walletId, string key, CancellationToken cancellationToken)
    {
        var hold = await connection.Bench.BaselineAuthorizeAsync(new BaselineAuthorizeRequest { WalletId = walletId, IdempotencyKey = key, Amount = Options.Price * 4 }, cancellationToken: cancellationToken);
        if (hold.InsufficientFunds) return "INSUFFICIENT_FUNDS";
        for (var i = 1; i <= AuthorizeExtendCaptureScenario.Extends; i++)
            await connection.Bench.BaselineExtendAsync(new BaselineExtendRequest { WalletId = walletId, IdempotencyKey = $"{key}-x{i}", HoldId = hold.HoldId, TtlSeconds = 300 }, cancellationToken: cancellationToken);
        await connection.Bench.BaselineCaptureAsync(new BaselineCaptureRequest { WalletId = walletId, IdempotencyKey = key, HoldId = hold.HoldId, Amount = Options.Price }, cancellationToken: cancellationToken);
        return null;
    }
}
