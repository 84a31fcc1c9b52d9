using Waterfall.Api.V1;
using Waterfall.Client;

namespace Waterfall.LoadGen.Scenarios;

/// <summary>Load on Waterfall's own API: wallets created and funded up front, audited through the ledger API.</summary>
public abstract class WaterfallScenario(LoadOptions options, IReadOnlyList<string> wallets, Connection admin) : IScenario
{
    /// <summary>Enough for any run: USD 10,000,000 per wallet.</summary>
    private const long Funding = 10_000_000_000_000_000;

    public abstract string Name { get; }

    /// <summary>The ledger transaction kind whose idempotency keys are the acknowledged operations.</summary>
    protected abstract string AuditedKind { get; }

    protected LoadOptions Options { get; } = options;

    /// <summary>The wallets this run loads.</summary>
    protected IReadOnlyList<string> Wallets => wallets;

    public async Task SetupAsync(CancellationToken cancellationToken)
    {
        using var limit = new SemaphoreSlim(64);
        await Task.WhenAll(wallets.Select(async wallet =>
        {
            await limit.WaitAsync(cancellationToken);
            try
            {
                await admin.Waterfall.CreateWalletAsync(wallet, idempotencyKey: $"open-{wallet}", cancellationToken: cancellationToken);
                await admin.Waterfall.GrantCreditsAsync(wallet, Amounts.Nanos(Funding), idempotencyKey: $"fund-{wallet}", cancellationToken: cancellationToken);
            }
            finally
            {
                limit.Release();
            }
        }));
    }

    public abstract Task<string?> RunAsync(Connection connection, string walletId, string key, CancellationToken cancellationToken);

    public virtual async Task<AuditResult> AuditAsync(IReadOnlyDictionary<string, List<string>> acknowledgedKeysByWallet, CancellationToken cancellationToken)
    {
        var mismatches = new List<string>();
        long transactions = 0, audited = 0;
        using var limit = new SemaphoreSlim(32);
        await Task.WhenAll(wallets.Select(async wallet =>
        {
            await limit.WaitAsync(cancellationToken);
            try
            {
                var keys = new List<string>();
                long count = 0;
                await foreach (var t in admin.Waterfall.ListLedgerAsync(wallet, pageSize: 1000, cancellationToken: cancellationToken))
                {
                    count++;
                    if (t.Postings.GroupBy(p => p.Amount.Unit).Any(g => g.Sum(p => p.Amount.Value) != 0))
                        lock (mismatches) mismatches.Add($"{wallet}: transaction {t.Sequence} does not balance");
                    if (t.Kind == AuditedKind && t.IdempotencyKey.StartsWith(Options.KeyPrefix, StringComparison.Ordinal)) keys.Add(t.IdempotencyKey);
                }
                var acknowledged = acknowledgedKeysByWallet.TryGetValue(wallet, out var acked) ? acked : [];
                var ledger = keys.ToHashSet();
                if (ledger.Count != keys.Count)
                    lock (mismatches) mismatches.Add($"{wallet}: {keys.Count - ledger.Count} operations applied twice");
                if (!ledger.SetEquals(acknowledged))
                    lock (mismatches) mismatches.Add($"{wallet}: ledger has {ledger.Count} {AuditedKind}, {acknowledged.Count} were acknowledged");
                Interlocked.Add(ref transactions, count);
                Interlocked.Add(ref audited, keys.Count);
            }
            finally
            {
                limit.Release();
            }
        }));
        return mismatches.Count == 0
            ? new AuditResult(true, $"ledger matches: {audited:N0} acknowledged operations, each exactly once, in {transactions:N0} balanced transactions over {wallets.Count:N0} wallets")
            : new AuditResult(false, string.Join("; ", mismatches.Take(10)));
    }

}

public sealed class DebitScenario(LoadOptions options, IReadOnlyList<string> wallets, Connection admin) : WaterfallScenario(options, wallets, admin)
{
    public override string Name => "debit";
    protected override string AuditedKind => "Debited";

    public override async Task<string?> RunAsync(Connection connection, string walletId, string key, CancellationToken cancellationToken)
    {
        await connection.Waterfall.DebitAsync(walletId, Amounts.Nanos(Options.Price), idempotencyKey: key, cancellationToken: cancellationToken);
        return null;
    }
}

/// <summary>Metering: each operation is an LLM call's usage, rated through the price catalog.</summary>
public sealed class MeterScenario(LoadOptions options, IReadOnlyList<string> wallets, Connection admin) : WaterfallScenario(options, wallets, admin)
{
    private static readonly LlmUsage Usage = new() { Model = "gpt-4o-mini", InputTokens = 1_200, CacheReadTokens = 300, OutputTokens = 250 };

    public override string Name => "meter";
    protected override string AuditedKind => "Debited";

    public override async Task<string?> RunAsync(Connection connection, string walletId, string key, CancellationToken cancellationToken)
    {
        await connection.Waterfall.DebitAsync(walletId, Usage, idempotencyKey: key, cancellationToken: cancellationToken);
        return null;
    }
}

/// <summary>An LLM call's money flow: reserve the worst case, then capture the actual and release the rest. One operation = two calls.</summary>
public sealed class AuthorizeCaptureScenario(LoadOptions options, IReadOnlyList<string> wallets, Connection admin) : WaterfallScenario(options, wallets, admin)
{
    public override string Name => "authorize-capture";
    protected override string AuditedKind => "HoldCaptured";

    public override async Task<string?> RunAsync(Connection connection, string walletId, string key, CancellationToken cancellationToken)
    {
        var hold = await connection.Waterfall.AuthorizeAsync(walletId, Amounts.Nanos(Options.Price * 4), TimeSpan.FromMinutes(5), idempotencyKey: key, cancellationToken: cancellationToken);
        await connection.Waterfall.CaptureAsync(walletId, hold.HoldId, Amounts.Nanos(Options.Price), idempotencyKey: key, cancellationToken: cancellationToken);
        return null;
    }
}

/// <summary>
/// A streamed LLM call's money flow: reserve, extend the hold three times while the response streams,
/// capture. One operation = five calls (authorize, 3 extends, capture).
/// </summary>
public sealed class AuthorizeExtendCaptureScenario(LoadOptions options, IReadOnlyList<string> wallets, Connection admin) : WaterfallScenario(options, wallets, admin)
{
    public const int Extends = 3;

    public override string Name => "authorize-extend-capture";
    protected override string AuditedKind => "HoldCaptured";

    public override async Task<string?> RunAsync(Connection connection, string walletId, string key, CancellationToken cancellationToken)
    {
        var hold = await connection.Waterfall.AuthorizeAsync(walletId, Amounts.Nanos(Options.Price * 4), TimeSpan.FromMinutes(5), idempotencyKey: key, cancellationToken: cancellationToken);
        for (var i = 1; i <= Extends; i++)
            await connection.Waterfall.ExtendHoldAsync(walletId, hold.HoldId, TimeSpan.FromMinutes(5), idempotencyKey: $"{key}-x{i}", cancellationToken: cancellationToken);
        await connection.Waterfall.CaptureAsync(walletId, hold.HoldId, Amounts.Nanos(Options.Price), idempotencyKey: key, cancellationToken: cancellationToken);
        return null;
    }
}
