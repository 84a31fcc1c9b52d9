using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Waterfall.Contracts;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Settlement;
using RefillRule = Waterfall.Domain.Refills.RefillRule;
using D = Waterfall.Domain.Wallets;

namespace Waterfall.Grains;

/// <summary>
/// The refill rule's commands (docs/refill.md); the refills themselves ride on the wallet's debits and holds. A refill
/// pulled from a USDC allowance is handed to the network's settlement grain once it is durable (and again after a
/// restart while it is pending): the settlement grain pulls it and settles or reverses its credit.
/// </summary>
public sealed partial class WalletGrain : IWalletRefillGrain
{
    private RefillPulls? _pulls;
    private bool _pullsResolved;

    /// <summary>Where this host pulls usdc-allowance refills; null where it does not settle on chain.</summary>
    private RefillPulls? Pulls
    {
        get
        {
            if (!_pullsResolved) (_pulls, _pullsResolved) = (ServiceProvider.GetService<RefillPulls>(), true);
            return _pulls;
        }
    }

    public Task<Reply<RefillRuleReceipt>> SetRefillRule(string idempotencyKey, RefillRule rule) =>
        Handle(new D.SetRefillRule(idempotencyKey, rule, Pulls?.SettlementAccount, Pulls?.Networks),
            static (w, c, now) => w.SetRefillRule(c, now), static r => ToContract(r));

    public Task<Reply<RefillRuleReceipt>> ClearRefillRule(string idempotencyKey) =>
        Handle(new D.ClearRefillRule(idempotencyKey), static (w, c, now) => w.ClearRefillRule(c, now), static r => ToContract(r));

    public Task<Reply<RefillRuleReceipt>> DisableRefillRule(string idempotencyKey, string reason) =>
        Handle(new D.DisableRefillRule(idempotencyKey, reason), static (w, c, now) => w.DisableRefillRule(c, now), static r => ToContract(r));

    private static RefillRuleReceipt ToContract(D.RefillRuleReceipt receipt) => new(receipt.Sequence, receipt.State);

    /// <summary>The pulls of the refills among <paramref name="events"/> that are pulled from an allowance; null when none is.</summary>
    private IReadOnlyList<AllowancePull>? PullsOf(IReadOnlyList<D.WalletEvent> events)
    {
        List<GrantId>? grants = null;
        foreach (var e in events)
            if (e is D.Refilled { Terms.Source.IsPulledRefill: true } refill) (grants ??= []).Add(refill.Grant);
        if (grants is null || Pulls is not { } pulls) return null;
        return _wallet.PendingPulls(network => pulls.For(network)?.PayTo, grants);
    }

    /// <summary>
    /// Hands durable refills' pulls to settlement. A failure here changes no answer (the refill is credited and durable):
    /// the pull is handed over again when the wallet next activates.
    /// </summary>
    private async Task SubmitPulls(IReadOnlyList<AllowancePull> pulls)
    {
        if (Pulls is not { } targets || pulls.Count == 0) return;
        foreach (var pull in pulls)
        {
            try
            {
                var network = _wallet.Refill.Rule?.Allowance?.Network;
                if (network is null || targets.GrainKeyFor(network) is not { } key) return;
                var ticket = await GrainFactory.GetGrain<ISettlementGrain>(key).SubmitPull(pull);
                if (ticket.Refusal is { } refused) LogPullRefused(logger, pull.PullKey, refused.Message);
            }
            catch (Exception ex)
            {
                LogPullNotSubmitted(logger, pull.PullKey, ex);
            }
        }
    }

    /// <summary>After a restart: pulls still pending may never have reached settlement.</summary>
    private async Task ResubmitPendingPulls()
    {
        if (Pulls is { } pulls) await SubmitPulls(_wallet.PendingPulls(network => pulls.For(network)?.PayTo));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refill pull {PullKey} was not handed to settlement; it is handed over again when the wallet activates")]
    private static partial void LogPullNotSubmitted(ILogger logger, string pullKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Settlement refused refill pull {PullKey}: {Reason}")]
    private static partial void LogPullRefused(ILogger logger, string pullKey, string reason);
}
