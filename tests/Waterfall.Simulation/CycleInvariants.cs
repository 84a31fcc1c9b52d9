using Waterfall.Domain.Billing;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Plans;
using Waterfall.Domain.Subscriptions;
using Waterfall.Domain.Wallets;
using Waterfall.Grains.Cycles;

namespace Waterfall.Simulation;

/// <summary>
/// What must hold of a subscription's period boundaries, read off the wallet's durable journal: after every step,
/// and once every boundary that has passed is closed. A plan line's grant is the period's own (age 0) or credit
/// rolled into it (one more than its source's age); it belongs to the boundary it expires at.
/// </summary>
internal static class CycleInvariants
{
    private sealed record LineGrant(string Line, int Age, DateTimeOffset Boundary, DateTimeOffset GrantedAt);

    private sealed record Journal(Dictionary<GrantId, LineGrant> Lines, Dictionary<(string Line, int Period), List<GrantId>> PeriodGrants,
        List<GrantRolledOver> Rollovers, List<string> Violations);

    public static IEnumerable<string> Always(IReadOnlyList<WalletEvent> events, PlanVersion plan, Subscription subscription) =>
        Read(events, plan, subscription).Violations;

    /// <summary>Every boundary up to <paramref name="due"/> has passed: each is closed once, each expiring grant rolled over once by the domain's split.</summary>
    public static IEnumerable<string> AtTheEnd(IReadOnlyList<WalletEvent> events, PlanVersion plan, Subscription subscription, CycleState stored, int due)
    {
        if (stored.Subscription is null) yield return "the subscription's cycle never started";
        if (stored.LastClosed != due) yield return $"{due} period boundaries have passed, the cycle closed {stored.LastClosed}";

        var journal = Read(events, plan, subscription);
        foreach (var v in journal.Violations) yield return v;
        var wallet = new Wallet(new WalletKey("sim", subscription.WalletId));
        foreach (var e in events) wallet.Apply(e);
        var remembered = wallet.Grants.Concat(wallet.ExhaustedGrants).Select(g => g.Id).ToHashSet();
        var rolled = journal.Rollovers.GroupBy(r => r.Source).ToDictionary(g => g.Key, g => g.First());
        var span = BillingCycle.First(plan.Terms.Period, subscription.StartedAt);
        for (; span.Number <= Math.Min(due, stored.LastClosed) + 1; span = BillingCycle.Next(plan.Terms.Period, subscription.StartedAt, span))
        {
            foreach (var line in plan.Terms.Grants.Where(g => g.Timing == GrantTiming.EveryPeriod))
            {
                var made = journal.PeriodGrants.GetValueOrDefault((line.Id, span.Number))?.Count ?? 0;
                if (made != 1) yield return $"period {span.Number} has {made} grants of line {line.Id}";
            }
            if (span.Number > Math.Min(due, stored.LastClosed)) break;

            foreach (var line in plan.Terms.Grants.Where(g => g.Rollover.Kind != RolloverKind.None))
            {
                var expiring = journal.Lines.Where(l => l.Value.Line == line.Id && l.Value.Boundary == span.End).ToList();
                foreach (var (grant, _) in expiring.Where(l => !rolled.ContainsKey(l.Key) && remembered.Contains(l.Key)))
                    yield return $"grant {grant.Value} of line {line.Id} expired at the end of period {span.Number} and was never rolled over";
                var sources = expiring.Where(l => rolled.ContainsKey(l.Key))
                    .Select(l => new RolloverSource(l.Key, rolled[l.Key].Remainder, l.Value.Age)).ToList();
                foreach (var split in Rollover.Split(line.Rollover, sources))
                    if (rolled[split.Grant].Carried != split.Carried)
                        yield return $"at the end of period {span.Number} grant {split.Grant.Value} carried {rolled[split.Grant].Carried} of {split.Remainder}; {line.Rollover} carries {split.Carried}";
            }
        }
    }

    private static Journal Read(IReadOnlyList<WalletEvent> events, PlanVersion plan, Subscription subscription)
    {
        var journal = new Journal([], [], [], []);
        var expired = new Dictionary<GrantId, long>();
        var carried = new Dictionary<(string Line, DateTimeOffset Boundary), long>();
        var releases = new HashSet<DateTimeOffset>();
        foreach (var e in events)
        {
            if (e is HoldExpired or HoldVoided or HoldCaptured) releases.Add(e.At);
            switch (e)
            {
                case CreditsGranted { Terms.Source.Kind: GrantSourceKind.Plan } granted:
                    var parts = granted.Key.Split(':');
                    var (line, period) = (parts[^1], int.Parse(parts[^2][1..], System.Globalization.CultureInfo.InvariantCulture));
                    journal.Lines[granted.Grant] = new LineGrant(line, 0, granted.Terms.ExpiresAt!.Value, granted.At);
                    if (!journal.PeriodGrants.TryGetValue((line, period), out var made)) journal.PeriodGrants[(line, period)] = made = [];
                    made.Add(granted.Grant);
                    break;
                case GrantExpired breakage when journal.Lines.TryGetValue(breakage.Grant, out var of):
                    expired[breakage.Grant] = expired.GetValueOrDefault(breakage.Grant) + breakage.Amount.Value;
                    // A grant made after its boundary (a cycle catching up on periods that ended) cannot expire before it was
                    // made; credit held at the boundary stays capturable, and is breakage when its hold releases it.
                    var due = of.Boundary > of.GrantedAt ? of.Boundary : of.GrantedAt;
                    if (breakage.At != due && !(breakage.At > due && releases.Contains(breakage.At)))
                        journal.Violations.Add($"the breakage of grant {breakage.Grant.Value} (line {of.Line}) is dated {breakage.At:O}, not at its boundary {due:O}");
                    break;
                case GrantRolledOver rollover:
                    Check(rollover, plan, subscription, journal, expired, carried);
                    break;
            }
        }
        return journal;
    }

    private static void Check(GrantRolledOver rollover, PlanVersion plan, Subscription subscription, Journal journal,
        Dictionary<GrantId, long> expired, Dictionary<(string, DateTimeOffset), long> carried)
    {
        var who = $"the rollover at {rollover.Sequence} of {rollover.Source.Value}";
        if (!journal.Lines.TryGetValue(rollover.Source, out var source))
        {
            journal.Violations.Add($"{who} rolls over a grant of no plan line");
            return;
        }
        if (journal.Rollovers.Any(r => r.Source == rollover.Source))
            journal.Violations.Add($"{who} rolls it over again, at the boundary {source.Boundary:O} it rolled at already");
        journal.Rollovers.Add(rollover);
        var rule = plan.Terms.Grants.Single(g => g.Id == source.Line).Rollover;
        if (rule.Kind == RolloverKind.None) journal.Violations.Add($"{who} rolls over line {source.Line}, whose rule keeps nothing");
        if (rollover.At < source.Boundary) journal.Violations.Add($"{who} happens at {rollover.At:O}, before its boundary {source.Boundary:O}");
        if (rollover.Remainder != expired.GetValueOrDefault(rollover.Source))
            journal.Violations.Add($"{who} finds {rollover.Remainder} left, but its expiry posted {expired.GetValueOrDefault(rollover.Source)} as breakage");
        if (rollover.Carried < 0 || rollover.Carried > rollover.Remainder) journal.Violations.Add($"{who} carries {rollover.Carried} of {rollover.Remainder}");
        if (!new RolloverBudget(rule).MayRoll(source.Age) && rollover.Carried > 0)
            journal.Violations.Add($"{who} carries {rollover.Carried} of credit that rolled {source.Age} times already ({rule})");
        var total = carried[(source.Line, source.Boundary)] = carried.GetValueOrDefault((source.Line, source.Boundary)) + rollover.Carried;
        if (rule.Kind == RolloverKind.Capped && total > rule.Cap)
            journal.Violations.Add($"line {source.Line} carries {total} past the boundary {source.Boundary:O}, over its cap {rule.Cap}");
        if (rollover.Carry is { } carry && rollover.CarryTerms is { } terms)
        {
            var next = NextBoundary(plan, subscription, source.Boundary);
            if (terms.ExpiresAt != next) journal.Violations.Add($"{who}: the carried credit expires {terms.ExpiresAt:O}, not at the next boundary {next:O}");
            journal.Lines[carry] = new LineGrant(source.Line, source.Age + 1, terms.ExpiresAt ?? DateTimeOffset.MaxValue, rollover.At);
        }
    }

    /// <summary>The end of the period that follows the one ending at <paramref name="boundary"/>, or null if no period ends there.</summary>
    private static DateTimeOffset? NextBoundary(PlanVersion plan, Subscription subscription, DateTimeOffset boundary)
    {
        var ends = Ends(plan.Terms.Period, subscription.StartedAt, boundary);
        var at = ends.BinarySearch(boundary);
        return at >= 0 ? ends[at + 1] : null;
    }

    // Period ends counted from the anchor, computed once per plan period (each end costs a walk from the anchor).
    private static readonly Dictionary<(BillingPeriod, DateTimeOffset), List<DateTimeOffset>> PeriodEnds = [];

    private static List<DateTimeOffset> Ends(BillingPeriod period, DateTimeOffset startedAt, DateTimeOffset past)
    {
        lock (PeriodEnds)
        {
            if (!PeriodEnds.TryGetValue((period, startedAt), out var ends)) PeriodEnds[(period, startedAt)] = ends = [];
            var span = ends.Count == 0 ? BillingCycle.First(period, startedAt) : null;
            if (span is not null) ends.Add(span.End);
            while (ends[^1] <= past)
            {
                span = BillingCycle.Next(period, startedAt, span ?? new PeriodSpan(ends.Count, ends.Count > 1 ? ends[^2] : startedAt, ends[^1]));
                ends.Add(span.End);
            }
            return ends;
        }
    }
}
