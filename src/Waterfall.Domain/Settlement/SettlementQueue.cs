using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Settlement;

/// <summary>
/// The settlement of one network + asset + payee, as rules: authorizations queue, leave in batches,
/// are followed to a final receipt, and end settled or failed. It is the settlement grain's durable
/// state (property names are the stored JSON's) and decides every transition; the grain only talks to
/// the chain and the wallets and stores this after each decision, before acting on it.
/// Pure: time and chain answers are passed in.
/// </summary>
[GenerateSerializer, Alias("wf.SettlementQueue")]
public sealed partial class SettlementQueue
{
    [Id(0)] public List<SettlementItem> Queue { get; set; } = [];

    /// <summary>The batch sent and not yet final, or null.</summary>
    [Id(1)] public SettlementBatch? InFlight { get; set; }

    /// <summary>Settled and failed authorizations, newest last (bounded), for status and reconciliation.</summary>
    [Id(2)] public List<SettlementStatus> Outcomes { get; set; } = [];

    /// <summary>Permits (by signature, lower case) on chain already: each is sent once, before its first pull.</summary>
    [Id(3)] public List<string> PermitsSubmitted { get; set; } = [];

    // Derived figures are methods, not properties: the grain storage serializes every public property.

    /// <summary>Authorizations not final yet (the queue and the batch in flight).</summary>
    public int Pending() => Queue.Count + (InFlight?.Items.Count ?? 0);

    public bool HasWork() => Queue.Count > 0 || InFlight is not null;

    // ---------------------------------------------------------------- accepting

    /// <summary>What is wrong with a request for this payee, field by field (none: it may be queued).</summary>
    public static IReadOnlyList<FieldViolation> Validate(SettlementRequest request, string payTo)
    {
        var violations = new List<FieldViolation>();
        if (!Identifier.IsValid(request.TenantId)) violations.Add(new("tenant_id", "is required"));
        if (!Identifier.IsValid(request.WalletId)) violations.Add(new("wallet_id", "is required"));
        if (request.Value <= 0 || request.Value > Amount.MaxValue / NanoDollars.PerUsdcAtomicUnit) violations.Add(new("value", "is out of range"));
        if (!Same(request.To, payTo)) violations.Add(new("to", $"must be this settlement's payee {payTo}"));
        if (request.InvoiceId is not null && !Identifier.IsValid(request.InvoiceId)) violations.Add(new("invoice_id", "must be 1-128 characters of letters, digits and . _ : -"));
        if (request.Nonce is not { Length: 66 } || !request.Nonce.StartsWith("0x", StringComparison.Ordinal)) violations.Add(new("nonce", "must be a 32-byte hex nonce"));
        return violations;
    }

    /// <summary>Queues a validated authorization (nonces are compared without case: they are hex).</summary>
    public SettlementItem Accept(SettlementRequest request, DateTimeOffset now)
    {
        var item = new SettlementItem
        {
            Nonce = request.Nonce.ToLowerInvariant(), TenantId = request.TenantId, WalletId = request.WalletId, From = request.From,
            To = request.To, Value = request.Value, ValidAfter = request.ValidAfter, ValidBefore = request.ValidBefore,
            Signature = request.Signature, AcceptedAt = now, InvoiceId = request.InvoiceId,
        };
        Queue.Add(item);
        return item;
    }

    /// <summary>The wallet could not take the credit, and the payer is told so by that refusal: the payment must not be taken either.</summary>
    public void Withdraw(SettlementItem item) => Queue.Remove(item);

    /// <summary>
    /// The wallet refused the credit of an authorization found queued and uncredited (its submission never finished:
    /// its payer had no answer, or was answered "queued" to a resubmit). The payment must not be taken, and the payer
    /// must be able to learn it: it leaves the queue with a final failed outcome carrying the wallet's reason, found by
    /// status and by a resubmit, and never goes on chain.
    /// </summary>
    public SettlementStatus Refused(SettlementItem item, string walletReason, string walletMessage)
    {
        if (item.IsCredited) throw new InvalidOperationException("A credited authorization settles or fails on chain; the wallet cannot refuse it now.");
        if (!Queue.Remove(item)) throw new InvalidOperationException("Only a queued authorization is refused its credit.");
        return Failed(item, $"the wallet refused the credit ({walletReason}): {walletMessage}", null, null);
    }

    // ---------------------------------------------------------------- batching

    public bool IsDueForBatch(DateTimeOffset now, SettlementPolicy policy) =>
        InFlight is null && (Queue.Count >= policy.MaxBatchSize || (Queue.Count > 0 && Queue[0].AcceptedAt + policy.BatchWindow <= now));

    /// <summary>Queued authorizations whose wallet has not been credited yet (a crash between queueing and crediting).</summary>
    public IReadOnlyList<SettlementItem> Uncredited() => Queue.Where(i => !i.IsCredited).ToList();

    /// <summary>
    /// The next batch to sign: the oldest credited authorizations, at most a batch; or a pull, alone — it is a call of the
    /// token by the settlement account itself, not of the batcher. A pull whose permit is not on chain yet sends the permit
    /// first (<see cref="SettlementItem.SendsPermit"/>) and comes back to the queue's front once the permit is mined.
    /// </summary>
    public IReadOnlyList<SettlementItem> NextBatch(SettlementPolicy policy)
    {
        if (Queue.Count > 0 && Queue[0].IsPull)
        {
            var pull = Queue[0];
            pull.SendsPermit = !PermitsSubmitted.Contains(pull.PermitSignature!);
            return [pull];
        }
        return Queue.Take(policy.MaxBatchSize).TakeWhile(i => !i.IsPull).ToList();
    }

    /// <summary>The batch is signed: it leaves the queue and is in flight (recorded before it is sent).</summary>
    public void Sent(IReadOnlyList<SettlementItem> items, SignedSettlement signed, DateTimeOffset now)
    {
        if (InFlight is not null) throw new InvalidOperationException("A batch is in flight already.");
        if (items.Count == 0 || !items.SequenceEqual(Queue.Take(items.Count))) throw new InvalidOperationException("A batch is taken from the front of the queue.");
        Queue.RemoveRange(0, items.Count);
        InFlight = new SettlementBatch { Items = [.. items], Transactions = [signed], SentAt = now };
    }

    /// <summary>The newest signed version of the batch in flight.</summary>
    public SignedSettlement Latest() => (InFlight ?? throw new InvalidOperationException("No batch is in flight.")).Transactions[^1];

    /// <summary>
    /// No receipt, and the account has mined past our nonce: another transaction took it and none of ours
    /// will ever be mined (the grain asks for a receipt once more first: ours may have just been mined).
    /// </summary>
    public bool NonceTaken(long minedNonce) => minedNonce > Latest().AccountNonce;

    public bool ShouldReplace(DateTimeOffset now, SettlementPolicy policy) => now - InFlight!.SentAt >= policy.ReplaceAfter;

    public void Replaced(SignedSettlement replacement, DateTimeOffset now)
    {
        InFlight!.Transactions.Add(replacement);
        InFlight.SentAt = now;
    }

    /// <summary>What a receipt of one of the batch's transactions means.</summary>
    public SettlementVerdict Judge(SettlementReceipt receipt, SettlementPolicy policy)
    {
        var batch = InFlight ?? throw new InvalidOperationException("No batch is in flight.");
        if (receipt.Confirmations < policy.Confirmations) return new SettlementVerdict.Wait();
        batch.MinedHash = receipt.TransactionHash;
        if (batch.Items is [{ IsPull: true } pull]) return JudgePull(pull, receipt);
        if (!receipt.Succeeded) return new SettlementVerdict.Reverted(receipt.TransactionHash);
        return new SettlementVerdict.Final(batch.Items
            .Select(item => (item, receipt.Outcomes.GetValueOrDefault(item.Nonce) ?? new AuthorizationOutcome(false, "no settlement event for this authorization")))
            .ToList());
    }

    /// <summary>
    /// The batch goes back to the front of the queue. When it reverted (<paramref name="countAttempt"/>), each
    /// authorization is one attempt closer to failing; those out of attempts are returned, to be failed.
    /// </summary>
    public IReadOnlyList<SettlementItem> Requeue(bool countAttempt, SettlementPolicy policy)
    {
        var items = (InFlight ?? throw new InvalidOperationException("No batch is in flight.")).Items;
        InFlight = null;
        var again = new List<SettlementItem>();
        var exhausted = new List<SettlementItem>();
        foreach (var item in items)
        {
            if (countAttempt && ++item.Attempts >= policy.MaxAttempts) exhausted.Add(item);
            else again.Add(item);
        }
        Queue.InsertRange(0, again);
        return exhausted;
    }

    /// <summary>The batch is final: every outcome was recorded; the oldest outcomes beyond the policy's bound go.</summary>
    public void Complete(SettlementPolicy policy)
    {
        InFlight = null;
        var excess = Outcomes.Count - policy.OutcomesKept;
        if (excess > 0) Outcomes.RemoveRange(0, excess);
    }

    // ---------------------------------------------------------------- outcomes

    public SettlementStatus Settled(SettlementItem item, SettlementReceipt receipt) =>
        Record(StatusOf(item, SettlementState.Settled, receipt.TransactionHash, blockNumber: receipt.BlockNumber));

    public SettlementStatus Failed(SettlementItem item, string reason, string? transactionHash, long? blockNumber) =>
        Record(StatusOf(item, SettlementState.Failed, transactionHash, Bounded(reason), blockNumber));

    private SettlementStatus Record(SettlementStatus status)
    {
        Outcomes.Add(status);
        return status;
    }

    /// <summary>The authorization's state: queued, submitted (with the latest transaction), or its outcome.</summary>
    public SettlementStatus? Find(string nonce)
    {
        foreach (var item in Queue)
            if (Same(item.Nonce, nonce)) return StatusOf(item, SettlementState.Queued, null);
        if (InFlight is { } batch)
            foreach (var item in batch.Items)
                if (Same(item.Nonce, nonce)) return StatusOf(item, SettlementState.Submitted, batch.Transactions[^1].Hash);
        for (var i = Outcomes.Count - 1; i >= 0; i--)
            if (Same(Outcomes[i].Nonce, nonce)) return Outcomes[i];
        return null;
    }

    public static SettlementStatus StatusOf(SettlementItem item, SettlementState state, string? transactionHash, string? reason = null, long? blockNumber = null) =>
        new(item.Nonce, state, transactionHash, reason, item.TenantId, item.WalletId, item.Grant, item.From, item.Value, blockNumber, item.InvoiceId);

    // ---------------------------------------------------------------- the wallet side

    /// <summary>The wallet credit an authorization buys: purchased USD at cost basis 1, named by the nonce.</summary>
    public static GrantTerms CreditTerms(SettlementItem item) =>
        new(GrantKind.Purchased, new Amount(NanoDollars.FromUsdcAtomicUnits(item.Value), CreditUnit.Usd), 30, null, null,
            GrantScope.Any, new GrantSource(GrantSourceKind.X402Payment, item.Nonce), 1m);

    /// <summary>The wallet's idempotency keys for the credit, its confirmation and its reversal: one each per nonce, whatever is repeated.</summary>
    public static string CreditKey(string network, string nonce) => $"x402:{network}:{nonce}";

    public static string SettledKey(string nonce) => $"x402-settled:{nonce}";

    public static string FailedKey(string nonce) => $"x402-failed:{nonce}";

    /// <summary>The wallet's idempotency key for an invoice payment's posting once it settled: one per nonce.</summary>
    public static string InvoicePaidKey(string nonce) => $"x402-invoice-paid:{nonce}";

    // ---------------------------------------------------------------- reconciliation

    /// <summary>Transfers to the payee in the block range against the settlements recorded in it.</summary>
    public ReconciliationReport Reconcile(IReadOnlyList<ChainTransfer> transfers, long fromBlock, long toBlock)
    {
        var unmatched = Outcomes
            .Where(o => o.State == SettlementState.Settled && o.BlockNumber is { } b && b >= fromBlock && b <= toBlock)
            .ToList();
        var onChainOnly = new List<ChainTransfer>();
        var matched = 0;
        long matchedValue = 0;
        foreach (var transfer in transfers)
        {
            var match = unmatched.FindIndex(o => Same(o.TransactionHash, transfer.TransactionHash) && Same(o.Payer, transfer.From) && o.Value == transfer.Value);
            if (match < 0) { onChainOnly.Add(transfer); continue; }
            unmatched.RemoveAt(match);
            matched++;
            matchedValue += transfer.Value;
        }
        return new ReconciliationReport(fromBlock, toBlock, matched, matchedValue, [.. onChainOnly], [.. unmatched]);
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>A failure reason as stored and as the wallet's reversal carries it: at most 256 characters.</summary>
    public static string Bounded(string reason) => reason.Length <= 256 ? reason : reason[..256];
}
