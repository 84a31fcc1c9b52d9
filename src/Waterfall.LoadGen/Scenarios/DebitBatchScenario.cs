using System.Collections.Concurrent;
using Waterfall.Api.V1;
using Waterfall.Client;

namespace Waterfall.LoadGen.Scenarios;

/// <summary>
/// Bulk metering: one operation is one <c>DebitBatch</c> of <see cref="LoadOptions.BatchSize"/> debits over wallets
/// drawn at random, each with its own key. The runner knows operations, not debits, so this scenario keeps the
/// acknowledged debits itself (accepted or replayed, per wallet) and audits the ledger against those.
/// </summary>
public sealed class DebitBatchScenario(LoadOptions options, IReadOnlyList<string> wallets, Connection admin)
    : WaterfallScenario(options, wallets, admin), IBatchScenario
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _acknowledged = new();

    public override string Name => "debit-batch";
    protected override string AuditedKind => "Debited";
    public int ItemsPerOperation => Options.BatchSize;

    public override async Task<string?> RunAsync(Connection connection, string walletId, string key, CancellationToken cancellationToken)
    {
        var debits = new DebitRequest[Options.BatchSize];
        for (var i = 0; i < debits.Length; i++)
            debits[i] = new DebitRequest
            {
                WalletId = Wallets[Random.Shared.Next(Wallets.Count)],
                IdempotencyKey = $"{key}.{i}",
                Amount = new AmountCharge { Amount = Amounts.Nanos(Options.Price) },
            };
        var results = await connection.Waterfall.DebitBatchAsync(debits, cancellationToken);
        string? refused = null;
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].ResultCase == DebitBatchResult.ResultOneofCase.Refused) { refused ??= results[i].Refused.Reason; continue; }
            _acknowledged.GetOrAdd(debits[i].WalletId, _ => new ConcurrentQueue<string>()).Enqueue(debits[i].IdempotencyKey);
        }
        return refused;
    }

    public override Task<AuditResult> AuditAsync(IReadOnlyDictionary<string, List<string>> acknowledgedKeysByWallet, CancellationToken cancellationToken) =>
        base.AuditAsync(_acknowledged.ToDictionary(w => w.Key, w => w.Value.ToList()), cancellationToken);
}
