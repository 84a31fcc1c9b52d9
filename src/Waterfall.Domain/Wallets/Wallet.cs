using System.Globalization;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Idempotency;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Policy;

namespace Waterfall.Domain.Wallets;

/// <summary>
/// The wallet aggregate: grants, open holds, settings and remembered idempotency keys.
/// Every command is decided synchronously from the current state; an accepted command yields
/// one event, already applied, which the caller makes durable before answering. A refused
/// command changes nothing. <see cref="Apply"/> is the only code that mutates state, so replaying
/// the journal rebuilds exactly the state (and the idempotent answers) the wallet had.
/// Not thread-safe: the grain serializes access.
/// </summary>
public sealed partial class Wallet
{
    private readonly List<Grant> _grants = [];
    private readonly List<Grant> _exhausted = [];
    // Most wallets have no open hold and no unsettled top-up most of the time: they share one empty
    // dictionary for reading and get their own only while they have one (a million idle wallets
    // would otherwise carry two empty dictionaries each). Never write to the shared ones.
    private static readonly Dictionary<HoldId, Hold> NoHolds = [];
    private static readonly Dictionary<GrantId, PendingTopUp> NoPendingTopUps = [];
    private Dictionary<HoldId, Hold> _holds = NoHolds;
    private Dictionary<GrantId, PendingTopUp> _pendingTopUps = NoPendingTopUps;
    private readonly IdempotencyWindow _idempotency;
    private readonly SpendTracker _spend = new();
    private readonly WalletOptions _options;
    private DateTimeOffset _nextDeadline = DateTimeOffset.MaxValue;

    public Wallet(WalletKey key, WalletOptions? options = null)
    {
        Key = key;
        _options = options ?? WalletOptions.Default;
        _idempotency = new IdempotencyWindow(_options.HoldsReceipts);
    }

    public WalletKey Key { get; }
    public bool IsOpen { get; private set; }

    /// <summary>The sequence number of the last applied event (0 before the wallet is opened).</summary>
    public long Sequence { get; private set; }

    public WalletSettings Settings
    {
        get;
        private set => field = value.SharingDefaults(); // a million wallets on default terms hold one copy of them
    } = WalletSettings.Default;

    /// <summary>Overage accrued in the current billing period, in nano-dollars.</summary>
    public long AccruedOverage { get; private set; }

    /// <summary>Grants with credit left, in burn order.</summary>
    public IReadOnlyList<Grant> Grants => _grants;

    /// <summary>How many used-up grants a wallet keeps showing, most recently exhausted last.</summary>
    public const int ExhaustedGrantsShown = 20;

    /// <summary>
    /// Grants used up to remaining 0 (nothing held), most recently exhausted last, at most
    /// <see cref="ExhaustedGrantsShown"/>: shown to clients ("remaining 0"), never burned, held or counted
    /// in a balance. Kept apart from <see cref="Grants"/> so no money rule ever sees them.
    /// </summary>
    public IReadOnlyList<Grant> ExhaustedGrants => _exhausted;

    public IReadOnlyCollection<Hold> Holds => _holds.Values;

    public SpendTracker Spend => _spend;

    /// <summary>x402 top-ups credited whose payment has not settled on chain yet.</summary>
    public IReadOnlyCollection<PendingTopUp> PendingTopUps => _pendingTopUps.Values;

    public IdempotencyWindow Idempotency => _idempotency;

    private Dictionary<HoldId, Hold> OwnHolds => ReferenceEquals(_holds, NoHolds) ? _holds = [] : _holds;

    private Dictionary<GrantId, PendingTopUp> OwnPendingTopUps =>
        ReferenceEquals(_pendingTopUps, NoPendingTopUps) ? _pendingTopUps = [] : _pendingTopUps;

    private void RemoveHold(HoldId id)
    {
        if (_holds.Remove(id) && _holds.Count == 0) _holds = NoHolds;
    }

    private void RemovePendingTopUp(GrantId grant)
    {
        if (_pendingTopUps.Remove(grant) && _pendingTopUps.Count == 0) _pendingTopUps = NoPendingTopUps;
    }

    /// <summary>When the next hold or grant may expire; <see cref="DateTimeOffset.MaxValue"/> when nothing can.</summary>
    public DateTimeOffset NextDeadline => _nextDeadline;

    // ---------------------------------------------------------------- commands

    public Outcome<OpenReceipt> Open(OpenWallet command, DateTimeOffset now)
    {
        if (Admit<OpenReceipt>(command, requireOpen: false) is { } early) return early;
        if (IsOpen)
            return Refusal.Of(Reasons.WalletAlreadyExists, $"Wallet {Key} already exists.");
        return Accept<OpenReceipt>(new WalletOpened(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(), command.Settings));
    }

    public Outcome<SettingsReceipt> ChangeSettings(ChangeSettings command, DateTimeOffset now)
    {
        if (Admit<SettingsReceipt>(command) is { } early) return early;
        return Accept<SettingsReceipt>(new SettingsChanged(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(), command.Settings));
    }

    /// <summary>An operator's (or a plan's, or a campaign's) grant. Never an x402 payment's: see <see cref="CreditTopUp"/>.</summary>
    public Outcome<GrantReceipt> GrantCredits(GrantCredits command, DateTimeOffset now)
    {
        // A refill's grant is owed on an invoice or pulled from an allowance: only the wallet's own refill rule makes one.
        if (command.Terms.Source.Kind == GrantSourceKind.Refill)
            return Refusal.Invalid(new FieldViolation("source.kind", "refill is the source of a refill rule's grants only; grant with another source"));
        // A grant claiming an x402 payment would wait for a settlement that nothing will ever confirm or reverse.
        if (command.Terms.Source.AwaitsSettlement)
            return Refusal.Invalid(new FieldViolation("source.kind",
                "x402 payment is the source of a top-up's grant only, credited by its settlement; grant with another source"));
        return Credit(command, now);
    }

    /// <summary>The grant of a verified x402 payment, pending until its settlement confirms or reverses it.</summary>
    public Outcome<GrantReceipt> CreditTopUp(GrantCredits command, DateTimeOffset now)
    {
        if (command.Terms.Source.Kind != GrantSourceKind.X402Payment)
            return Refusal.Invalid(new FieldViolation("source.kind", "a top-up's grant has an x402 payment as its source"));
        if (Admit<GrantReceipt>(command) is { } early) return early;
        // The settlement repeats a credit until it has stored the grant, which can outlast the key window (an RPC
        // outage of a day): the payment's nonce names it, so while it is pending it is answered with its grant.
        if (PendingTopUpFor(command) is { } pending)
        {
            if (pending.Amount != command.Terms.Amount)
                return Refusal.Of(Reasons.IdempotencyKeyReused, $"The payment {command.Terms.Source.Reference} is credited already, with {pending.Amount}.");
            return Outcome<GrantReceipt>.Replayed(new GrantReceipt(long.Parse(pending.Grant.Value[1..], CultureInfo.InvariantCulture), pending.Grant));
        }
        return Credit(command, now);
    }

    private PendingTopUp? PendingTopUpFor(GrantCredits command)
    {
        foreach (var pending in _pendingTopUps.Values)
            if (pending.Reference == command.Terms.Source.Reference && pending.Network == command.Attribution?.Network) return pending;
        return null;
    }

    private Outcome<GrantReceipt> Credit(GrantCredits command, DateTimeOffset now)
    {
        if (Admit<GrantReceipt>(command) is { } early) return early;
        var unit = command.Terms.Amount.Unit;
        if (checked(TotalRemaining(unit) + command.Terms.Amount.Value) > Amount.MaxBalance)
            return Refusal.Of(Reasons.BalanceLimitExceeded, $"A wallet holds at most {Amount.MaxBalance} {unit}.");
        return Accept<GrantReceipt>(new CreditsGranted(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(), command.Terms, command.Attribution));
    }

    public Outcome<DebitReceipt> Debit(DebitWallet command, DateTimeOffset now)
    {
        if (Admit<DebitReceipt>(command) is { } early) return early;
        if (CheckModel(command.Charge) is { } notAllowed) return notAllowed;

        var result = CreditWaterfall.Cover(command.Charge, CreditWaterfall.Sources(_grants, command.Charge.Context, now), OverageHeadroom());
        if (CheckSpend(result.Coverage.MoneyCost, now) is { } overBudget) return overBudget;
        return SpendOrRefill<DebitReceipt>(command.Charge, result, now,
            coverage => new Debited(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(), command.Charge, coverage, command.Attribution));
    }

    public Outcome<HoldReceipt> Authorize(AuthorizeHold command, DateTimeOffset now)
    {
        if (Admit<HoldReceipt>(command) is { } early) return early;
        if (CheckModel(command.Estimate) is { } notAllowed) return notAllowed;

        var result = CreditWaterfall.Cover(command.Estimate, CreditWaterfall.Sources(_grants, command.Estimate.Context, now), OverageHeadroom());
        if (CheckSpend(result.Coverage.MoneyCost, now) is { } overBudget) return overBudget;
        return SpendOrRefill<HoldReceipt>(command.Estimate, result, now,
            coverage => new HoldAuthorized(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(),
                command.Estimate, coverage, now + command.Ttl, command.Attribution));
    }

    /// <summary>
    /// Reserves an additional charge for an open hold, decided like <see cref="Authorize"/>: all of
    /// it or nothing. The per-request cap applies to the hold's whole reservation after growing;
    /// the budgets to what is added (the existing reservation already counts as an open hold).
    /// </summary>
    public Outcome<GrowReceipt> Grow(GrowHold command, DateTimeOffset now)
    {
        if (Admit<GrowReceipt>(command) is { } early) return early;
        if (FindOpenHold(command.Hold, now) is not { } hold) return HoldNotFound(command.Hold);
        if (CheckSameCall(hold, command.Additional) is { } otherCall) return otherCall;
        if (CheckModel(command.Additional) is { } notAllowed) return notAllowed;

        var result = CreditWaterfall.Cover(command.Additional, CreditWaterfall.Sources(_grants, command.Additional.Context, now), OverageHeadroom());
        var added = result.Coverage.MoneyCost;
        if (CheckSpend(added, checked(hold.ReservedMoney + added), now) is { } overBudget) return overBudget;
        var expiresAt = command.Ttl is { } ttl && now + ttl > hold.ExpiresAt ? now + ttl : hold.ExpiresAt;
        return SpendOrRefill<GrowReceipt>(command.Additional, result, now,
            coverage => new HoldGrown(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(), hold.Id,
                command.Additional, coverage, expiresAt));
    }

    public Outcome<CaptureReceipt> Capture(CaptureHold command, DateTimeOffset now)
    {
        if (Admit<CaptureReceipt>(command) is { } early) return early;
        if (FindOpenHold(command.Hold, now) is not { } hold) return HoldNotFound(command.Hold);

        if (CheckModel(command.Actual) is { } notAllowed) return notAllowed;

        // The actual charge is paid only from what the hold reserved (its draws, then its overage),
        // and only from draws whose grant may pay for it: a hold placed for one model must not
        // spend another model's scoped credit.
        var result = CreditWaterfall.Cover(command.Actual, SourcesCovering(hold, command.Actual.Context), hold.Reserved.Overage);
        if (!result.IsCovered)
            return Refusal.Of(Reasons.CaptureExceedsHold,
                $"The actual charge needs {result.Shortfall} more than hold {hold.Id} reserved.",
                new Dictionary<string, string> { ["hold_id"] = hold.Id.Value, ["shortfall"] = result.Shortfall.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), ["unit"] = result.Shortfall.Unit.Code });

        var released = Subtract(hold.Reserved.Draws, result.Coverage.Draws);
        return Accept<CaptureReceipt>(new HoldCaptured(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(), hold.Id,
            command.Actual, result.Coverage, released, hold.Reserved.Overage - result.Coverage.Overage, command.Attribution ?? hold.Attribution));
    }

    public Outcome<VoidReceipt> Void(VoidHold command, DateTimeOffset now)
    {
        if (Admit<VoidReceipt>(command) is { } early) return early;
        if (FindOpenHold(command.Hold, now) is not { } hold) return HoldNotFound(command.Hold);
        return Accept<VoidReceipt>(new HoldVoided(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(), hold.Id, hold.Reserved.Draws));
    }

    public Outcome<ExtendReceipt> Extend(ExtendHold command, DateTimeOffset now)
    {
        if (Admit<ExtendReceipt>(command) is { } early) return early;
        if (FindOpenHold(command.Hold, now) is not { } hold) return HoldNotFound(command.Hold);
        return Accept<ExtendReceipt>(new HoldExtended(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(), hold.Id, now + command.Ttl));
    }

    public Outcome<TopUpSettledReceipt> ConfirmTopUp(ConfirmTopUp command, DateTimeOffset now)
    {
        if (Admit<TopUpSettledReceipt>(command) is { } early) return early;
        if (!_pendingTopUps.TryGetValue(command.Grant, out var pending)) return TopUpNotPending(command.Grant);
        return Accept<TopUpSettledReceipt>(new TopUpSettled(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(), pending.Grant, pending.Amount,
            command.TransactionHash, new Attribution(Payer: pending.Payer, Network: pending.Network)));
    }

    public Outcome<TopUpReversedReceipt> ReverseTopUp(ReverseTopUp command, DateTimeOffset now)
    {
        if (Admit<TopUpReversedReceipt>(command) is { } early) return early;
        if (!_pendingTopUps.TryGetValue(command.Grant, out var pending)) return TopUpNotPending(command.Grant);
        // What is held by open holds stays held; it is taken back if and when the hold releases it.
        var takenBack = FindGrant(command.Grant)?.Available ?? 0;
        return Accept<TopUpReversedReceipt>(new TopUpReversed(Sequence + 1, now, command.IdempotencyKey, command.Fingerprint(), pending.Grant, pending.Amount,
            takenBack, command.Reason));
    }

    // ---------------------------------------------------------------- queries

    /// <summary>Credit remaining (held included) in a unit, across all grants, expired ones not yet posted included.</summary>
    public long TotalRemaining(CreditUnit unit)
    {
        long total = 0;
        foreach (var grant in _grants)
            if (grant.Unit == unit) total += grant.Remaining;
        return total;
    }

    public long TotalHeld(CreditUnit unit)
    {
        long total = 0;
        foreach (var grant in _grants)
            if (grant.Unit == unit) total += grant.Held;
        return total;
    }

    /// <summary>What can be spent now in a unit (unscoped view): unheld credit of burnable grants.</summary>
    public long Available(CreditUnit unit, DateTimeOffset now)
    {
        long total = 0;
        foreach (var grant in _grants)
            if (grant.Unit == unit && grant.CanBurnAt(now)) total += grant.Available;
        return total;
    }

    public Hold? FindHold(HoldId id) => _holds.GetValueOrDefault(id);

    public Grant? FindGrant(GrantId id)
    {
        foreach (var grant in _grants)
            if (grant.Id == id) return grant;
        return null;
    }

    /// <summary>Overage reserved by open holds, in nano-dollars.</summary>
    public long OverageReservedByHolds()
    {
        long total = 0;
        foreach (var hold in _holds.Values) total += hold.Reserved.Overage;
        return total;
    }

    // ---------------------------------------------------------------- decisions

    /// <summary>
    /// The checks every command passes before the state is consulted: shape, wallet existence,
    /// and the idempotency window (a replay answers the first receipt; a reused key is refused).
    /// </summary>
    private Outcome<T>? Admit<T>(WalletCommand command, bool requireOpen = true) where T : Receipt
    {
        if (CommandValidation.Check(command) is { } invalid) return invalid;
        if (_idempotency.TryGet(command.Operation, command.IdempotencyKey, out var record))
        {
            if (record.Fingerprint == command.Fingerprint() && record.Receipt is T receipt)
                return Outcome<T>.Replayed(receipt);
            // The caller reads a replay's answer from the durable key table before deciding; a duplicate that was
            // recorded while it looked is answered on its next try.
            if (record.Fingerprint == command.Fingerprint() && record.Receipt is null)
                return Refusal.Of(Reasons.ReceiptNotHeld, $"Idempotency key '{command.IdempotencyKey}' was just recorded; retry to get its answer.",
                    new Dictionary<string, string> { ["idempotency_key"] = command.IdempotencyKey });
            return KeyReusedForDifferentRequest(command);
        }
        if (_idempotency.TryGetForOtherOperation(command.Operation, command.IdempotencyKey, out var other))
            return KeyUsedForOtherOperation(command, other.Operation);
        if (requireOpen && !IsOpen)
            return Refusal.Of(Reasons.WalletNotFound, $"Wallet {Key} does not exist.", new Dictionary<string, string> { ["wallet_id"] = Key.WalletId });
        return null;
    }

    /// <summary>A key sent with a different operation than it was first used for (see <see cref="KeyScope"/>).</summary>
    public static Refusal KeyUsedForOtherOperation(WalletCommand command, TransactionKind firstUsedFor) =>
        Refusal.Of(Reasons.IdempotencyKeyReused,
            $"Idempotency key '{command.IdempotencyKey}' was already used for a {firstUsedFor} request; a {command.Operation} request needs a key of its own.",
            new Dictionary<string, string> { ["idempotency_key"] = command.IdempotencyKey, ["first_used_for"] = firstUsedFor.ToString() });

    private Outcome<T> Accept<T>(CommandEvent @event) where T : Receipt
    {
        var receipt = Apply(@event);
        return Outcome<T>.Accepted((T)receipt!, @event);
    }

    private WalletEvent ApplyNew(WalletEvent @event)
    {
        Apply(@event);
        return @event;
    }

    private long OverageHeadroom() => Settings.Billing.OverageHeadroom(AccruedOverage, OverageReservedByHolds());

    private Refusal? CheckModel(Charge charge)
    {
        var model = charge.Context.Model;
        if (model is null && Settings.Policy.AllowedModels is not { Count: > 0 }) return null;
        if (Settings.Policy.AllowsModel(model)) return null;
        return Refusal.Of(Reasons.ModelNotAllowed, $"This wallet's policy does not allow model '{model ?? "(none)"}'.",
            new Dictionary<string, string> { ["model"] = model ?? "" });
    }

    private Refusal? CheckSpend(long money, DateTimeOffset now) => CheckSpend(money, money, now);

    /// <param name="money">What the request adds to spend and reservations.</param>
    /// <param name="request">What the whole request comes to, for the per-request cap (more than <paramref name="money"/> when a hold grows).</param>
    private Refusal? CheckSpend(long money, long request, DateTimeOffset now)
    {
        if (money == 0) return null;
        var policy = Settings.Policy;
        if (policy.PerRequestCap is { } cap && request > cap)
            return Refusal.Of(Reasons.SpendCapExceeded, $"The charge ({Amount.Usd(request)}) exceeds the per-request cap ({Amount.Usd(cap)}).",
                Meta(("cap", cap), ("charge", request)));
        var reserved = OpenHoldMoney();
        if (policy.DailyBudget is { } daily && checked(_spend.SpentOn(now) + reserved + money) > daily)
            return Refusal.Of(Reasons.BudgetExceeded, $"The charge would exceed the daily budget ({Amount.Usd(daily)}).",
                Meta(("budget", daily), ("spent", _spend.SpentOn(now)), ("reserved", reserved), ("charge", money)));
        if (policy.MonthlyBudget is { } monthly && checked(_spend.SpentInMonthOf(now) + reserved + money) > monthly)
            return Refusal.Of(Reasons.BudgetExceeded, $"The charge would exceed the monthly budget ({Amount.Usd(monthly)}).",
                Meta(("budget", monthly), ("spent", _spend.SpentInMonthOf(now)), ("reserved", reserved), ("charge", money)));
        return null;
    }

    private long OpenHoldMoney()
    {
        long total = 0;
        foreach (var hold in _holds.Values) total += hold.ReservedMoney;
        return total;
    }

    private Refusal InsufficientFunds(WaterfallResult result) =>
        Refusal.Of(Reasons.InsufficientFunds,
            $"The wallet cannot cover the charge: {result.Shortfall} short under {Settings.Billing.Mode} billing.",
            new Dictionary<string, string>
            {
                ["shortfall"] = result.Shortfall.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["unit"] = result.Shortfall.Unit.Code,
                ["billing_mode"] = Settings.Billing.Mode.ToString().ToUpperInvariant(),
            });

    private Hold? FindOpenHold(HoldId id, DateTimeOffset now) =>
        _holds.TryGetValue(id, out var hold) && !hold.IsExpiredAt(now) ? hold : null;

    /// <summary>A hold is for one call of one model: growing it with another model's or provider's charge is a caller's mistake.</summary>
    private static Refusal? CheckSameCall(Hold hold, Charge additional)
    {
        var (held, more) = (hold.Estimate.Context, additional.Context);
        var violations = new List<FieldViolation>(2);
        if (!string.Equals(held.Model, more.Model, StringComparison.Ordinal))
            violations.Add(new("additional.model", $"must be the hold's model '{held.Model ?? "(none)"}'"));
        if (!string.Equals(held.Provider, more.Provider, StringComparison.Ordinal))
            violations.Add(new("additional.provider", $"must be the hold's provider '{held.Provider ?? "(none)"}'"));
        return violations.Count == 0 ? null : Refusal.Invalid([.. violations]);
    }

    /// <summary>The hold's draws, in the order drawn, whose grant's scope covers the charge's context.</summary>
    private List<Draw> SourcesCovering(Hold hold, ChargeContext context)
    {
        var sources = new List<Draw>(hold.Sources.Count);
        foreach (var draw in hold.Sources)
            if (FindGrant(draw.Grant) is { } grant && grant.Terms.Scope.Covers(context))
                sources.Add(draw);
        return sources;
    }

    private static Refusal HoldNotFound(HoldId id) =>
        Refusal.Of(Reasons.HoldNotFound, $"No open hold '{id}': it never existed, or was captured, voided or expired.",
            new Dictionary<string, string> { ["hold_id"] = id.Value });

    private static Refusal TopUpNotPending(GrantId grant) =>
        Refusal.Of(Reasons.TopUpNotPending, $"Grant {grant} is not an x402 top-up awaiting settlement.", new Dictionary<string, string> { ["grant_id"] = grant.Value });

    private static Dictionary<string, string> Meta(params (string Key, long Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>What is left of <paramref name="reserved"/> after <paramref name="used"/>, per grant.</summary>
    private static List<Draw> Subtract(IReadOnlyList<Draw> reserved, IReadOnlyList<Draw> used)
    {
        var released = new List<Draw>(reserved.Count);
        foreach (var draw in reserved)
        {
            var left = draw.Amount;
            foreach (var u in used)
                if (u.Grant == draw.Grant && u.Unit == draw.Unit) left -= u.Amount;
            if (left > 0) released.Add(draw with { Amount = left });
        }
        return released;
    }
}
