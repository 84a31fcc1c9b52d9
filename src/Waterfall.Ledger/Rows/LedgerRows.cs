using Waterfall.Domain.Charges;
using Waterfall.Domain.Events;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Pricing.Rating;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger.Rows;

/// <summary>
/// The relational rows one journal entry becomes: the transaction (with the event to replay, its
/// attribution and its postings), its idempotency key, and — for LLM usage — a usage record.
/// Both durable stores write exactly these. The values the rows carry (JSON, or the compact form of a call's event and
/// receipt) live in buffers the rows own until they are disposed: dispose them once the batch is written.
/// </summary>
public sealed class LedgerRows : IDisposable
{
    private readonly RowBuffer _values = new();

    public List<TransactionRow> Transactions { get; } = [];
    public List<IdempotencyRow> Keys { get; } = [];
    public List<UsageRow> Usage { get; } = [];

    /// <summary>The announced events of the batch's entries, in entry order (their outbox order).</summary>
    public List<Announcement> Outbox { get; } = [];

    public static LedgerRows From(IEnumerable<JournalAppend> appends)
    {
        var rows = new LedgerRows();
        foreach (var append in appends)
            foreach (var entry in append.Entries)
                rows.Add(append.Wallet, entry);
        return rows;
    }

    public void Add(WalletKey wallet, JournalEntry entry)
    {
        var e = entry.Event;
        var attribution = e.Attribution;
        Transactions.Add(new TransactionRow(wallet.TenantId, wallet.WalletId, e.Sequence, KindNames.Of(e.Kind), e.At, e.IdempotencyKey, attribution,
            _values.Write(e), _values.WritePostings(e, wallet.WalletId)));

        if (entry.Idempotency is { Receipt: { } receipt } key)
            Keys.Add(new IdempotencyRow(wallet.TenantId, wallet.WalletId, KindNames.Of(key.Operation), key.Key, key.Fingerprint, e.Sequence, _values.Write(receipt), key.At));

        var (charge, coverage) = e switch
        {
            Debited d => (d.Charge, d.Coverage),
            HoldCaptured c => (c.Actual, c.Captured),
            _ => (null, null),
        };
        if (charge is UsageCharge usage && coverage is not null)
            Usage.Add(UsageRow.From(wallet, e, attribution, usage.Usage, coverage));

        if (entry.Announcements is { Count: > 0 } announced) Outbox.AddRange(announced);
    }

    public void Dispose() => _values.Dispose();
}

/// <param name="PostingsJson">The transaction's postings, which the stores expose row by row through a <c>ledger_postings</c> view.</param>
public sealed record TransactionRow(string TenantId, string WalletId, long Sequence, string Kind, DateTimeOffset At, string? IdempotencyKey, Attribution Attribution, RowValue Event, RowValue PostingsJson);

public sealed record IdempotencyRow(string TenantId, string WalletId, string Operation, string Key, string Fingerprint, long Sequence, RowValue Receipt, DateTimeOffset RecordedAt);

/// <summary>One metered LLM call: what was used, how it was priced, and how it was paid.</summary>
/// <param name="EndUser">The platform's end user of the call, as the platform named it (<see cref="Attribution.EndUser"/>).</param>
public sealed record UsageRow(
    string TenantId, string WalletId, long Sequence, DateTimeOffset At,
    string? CustomerId, string? AgentId, string? RequestId, string? EndUser,
    string Model, string Provider,
    long InputTokens, long OutputTokens, long CacheReadTokens, long CacheWriteTokens, long ReasoningTokens, long AudioTokens,
    bool Batch, string? Tier, decimal RatedCostUsd, long TokensCovered, long MoneyCostNanos, long OverageNanos)
{
    public static UsageRow From(WalletKey wallet, WalletEvent e, Attribution attribution, RatedUsage usage, Coverage coverage) =>
        new(wallet.TenantId, wallet.WalletId, e.Sequence, e.At,
            attribution.CustomerId, attribution.AgentId, attribution.RequestId, attribution.EndUser,
            usage.Model, usage.Provider,
            usage.TokensOf(UsageComponent.Input), usage.TokensOf(UsageComponent.Output), usage.TokensOf(UsageComponent.CacheRead),
            usage.TokensOf(UsageComponent.CacheWrite5m) + usage.TokensOf(UsageComponent.CacheWrite1h), usage.TokensOf(UsageComponent.Reasoning),
            usage.TokensOf(UsageComponent.AudioInput) + usage.TokensOf(UsageComponent.AudioOutput),
            usage.Batch, usage.Tier, usage.ExactCost, coverage.TokensCovered, coverage.MoneyCost, coverage.Overage);
}
