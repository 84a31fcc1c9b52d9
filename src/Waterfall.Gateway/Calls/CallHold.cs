using Waterfall.Contracts;
using Waterfall.Domain.Metering;
using D = Waterfall.Domain;
using DC = Waterfall.Domain.Charges;
using DR = Waterfall.Domain.Pricing.Rating;

namespace Waterfall.Gateway.Calls;

/// <summary>
/// One metered call's hold on its wallet, from admission to capture or void. Every wallet operation
/// carries an idempotency key derived from the call's request id, so a retry of the same call (same
/// <c>Idempotency-Key</c>) replays instead of charging again. The wallet decides; this only sizes
/// what to ask for with <see cref="CallPricing"/>.
/// </summary>
public sealed class CallHold(IWalletGrain wallet, string requestId, CallPricing pricing, Attribution attribution, TimeSpan ttl, long? keyCap)
{
    private int _grows;
    private int _extensions;

    public string RequestId => requestId;
    public string? HoldId { get; private set; }

    /// <summary>Output tokens (all choices together) the hold covers beyond the prompt.</summary>
    public long HeldOutput { get; private set; }

    /// <summary>How many times the hold has grown.</summary>
    public int Grown { get; private set; }

    /// <summary>Money the hold reserves, in nano-dollars: what a key's per-request cap is checked against.</summary>
    public long ReservedMoney { get; private set; }

    /// <summary>
    /// Places the hold: the worst case when the wallet covers it; otherwise, for a stream, the prompt and a
    /// first slice of output (grown later); otherwise the largest output limit of at least
    /// <paramref name="minOutput"/> per choice that fits. Returns the output limit per choice to send upstream.
    /// </summary>
    public async Task<Admission> AdmitAsync(long promptTokens, long outputLimit, int choices, bool stream, long slice, long minOutput)
    {
        // A stream may start on a slice smaller than the minimum a clamped answer must have: it grows.
        var floor = Math.Min(stream ? Math.Min(minOutput, slice) : minOutput, outputLimit);
        var limit = keyCap is { } cap ? WithinKeyCap(promptTokens, outputLimit, choices, cap) : outputLimit;
        if (limit < floor) return Admission.Refused(KeyCapRefusal(keyCap!.Value));

        var first = await AuthorizeAsync(promptTokens, limit, choices);
        if (first.Receipt is { } placed) return Placed(placed, first.Replayed, stream ? outputLimit : limit, limit, choices);
        if (HoldShortfall.Of(first.Refusal!.Reason, first.Refusal.Metadata) is not { } excess) return Admission.Refused(first.Refusal);

        // The wallet cannot cover the worst case. A stream starts on a slice and grows; anything else is clamped.
        var smaller = stream && limit > slice ? slice : pricing.ShrinkOutput(limit, choices, excess);
        for (var attempt = 0; attempt < 3 && smaller >= floor && smaller > 0; attempt++)
        {
            var again = await AuthorizeAsync(promptTokens, smaller, choices);
            if (again.Receipt is { } receipt) return Placed(receipt, again.Replayed, stream ? outputLimit : smaller, smaller, choices);
            if (HoldShortfall.Of(again.Refusal!.Reason, again.Refusal.Metadata) is not { } more) return Admission.Refused(again.Refusal);
            // Other calls may have spent meanwhile: shrink by what is short now.
            smaller = pricing.ShrinkOutput(smaller, choices, more);
        }
        return Admission.Refused(first.Refusal);
    }

    /// <summary>
    /// Makes sure the hold covers <paramref name="totalOutput"/> output tokens, growing it by a slice (or at
    /// least what is missing). False when the wallet, its policy or the key cannot pay for more.
    /// </summary>
    public async Task<bool> CoverOutputAsync(long totalOutput, long slice, TimeSpan extendBy)
    {
        if (totalOutput <= HeldOutput) return true;
        var missing = totalOutput - HeldOutput;
        foreach (var step in missing < slice ? new[] { slice, missing } : [missing])
        {
            var more = pricing.MoreOutput(step);
            if (!more.IsRated) return false;
            if (keyCap is { } cap && ReservedMoney + more.Rated.CostNanos > cap) continue;
            var reply = await wallet.Grow(new GrowHold($"{requestId}:grow:{++_grows}", HoldId!, new DC.UsageCharge(more.Rated).ToContract(), extendBy));
            if (reply.Receipt is { } grown)
            {
                HeldOutput += step;
                ReservedMoney = grown.Reserved.MoneyCost;
                Grown++;
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Captures the call's actual usage. Should the actual exceed the hold (a provider counting a prompt above
    /// the gateway's estimate), the hold is grown by the difference first; if the wallet cannot pay even that,
    /// what the hold reserves is captured and the rest is written off — a PREPAID wallet is never overdrawn.
    /// </summary>
    public async Task<Settled> CaptureAsync(DR.LlmUsage usage)
    {
        var rated = pricing.Actual(usage);
        if (!rated.IsRated) throw new InvalidOperationException($"The provider's usage for {requestId} could not be rated: {rated.Refusal}");
        var actual = new DC.UsageCharge(rated.Rated).ToContract();
        var reply = await wallet.Capture(new CaptureHold($"{requestId}:capture", HoldId!, actual, attribution));
        if (reply.Receipt is { } captured) return Settled.From(captured, rated.Rated, writtenOff: 0);

        if (reply.Refusal is { Reason: D.Reasons.CaptureExceedsHold } && HoldShortfall.Of(reply.Refusal.Reason, reply.Refusal.Metadata) is { } shortfall)
        {
            var top = new Charge(new Amount(shortfall, "usd"), Context, null, null);
            var grown = await wallet.Grow(new GrowHold($"{requestId}:grow:settle", HoldId!, top, null));
            if (grown.Receipt is not null)
            {
                reply = await wallet.Capture(new CaptureHold($"{requestId}:capture", HoldId!, actual, attribution));
                if (reply.Receipt is { } afterGrowth) return Settled.From(afterGrowth, rated.Rated, writtenOff: 0);
            }
            var held = new Charge(new Amount(ReservedMoney, "usd"), Context, null, null);
            var partial = await wallet.Capture(new CaptureHold($"{requestId}:capture:held", HoldId!, held, attribution with
            {
                InputTokens = usage.InputTokens + usage.CacheReadTokens + usage.CacheWrite5mTokens + usage.CacheWrite1hTokens + usage.AudioInputTokens,
                OutputTokens = usage.OutputTokens + usage.ReasoningTokens + usage.AudioOutputTokens,
            }));
            if (partial.Receipt is { } capped) return Settled.From(capped, rated.Rated, writtenOff: rated.Rated.CostNanos - ReservedMoney);
            reply = partial;
        }
        throw new InvalidOperationException($"The capture of {requestId} was refused: {reply.Refusal?.Reason} {reply.Refusal?.Message}");
    }

    /// <summary>Pushes the hold's expiry out while a long answer is still being delivered.</summary>
    public async Task ExtendAsync(TimeSpan ttl)
    {
        if (HoldId is null) return;
        await wallet.Extend(new ExtendHold($"{requestId}:extend:{++_extensions}", HoldId, ttl));
    }

    /// <summary>Releases the hold: the call produced nothing to charge for.</summary>
    public async Task VoidAsync()
    {
        if (HoldId is null) return;
        await wallet.Void(new VoidHold($"{requestId}:void", HoldId));
    }

    private ChargeContext Context => new(DC.UsageCharge.LlmTokensMetric, pricing.Model.Id, pricing.Model.Provider);

    private async Task<Reply<HoldReceipt>> AuthorizeAsync(long promptTokens, long outputPerChoice, int choices)
    {
        var worst = pricing.WorstCase(promptTokens, outputPerChoice, choices);
        if (!worst.IsRated) return new Reply<HoldReceipt>(null, worst.Refusal.ToContract(), false);
        return await wallet.Authorize(new AuthorizeHold($"{requestId}:hold", new DC.UsageCharge(worst.Rated).ToContract(), ttl, attribution));
    }

    private Admission Placed(HoldReceipt receipt, bool replayed, long upstreamLimit, long heldPerChoice, int choices)
    {
        HoldId = receipt.Hold;
        HeldOutput = heldPerChoice * choices;
        ReservedMoney = receipt.Reserved.MoneyCost;
        return new Admission(upstreamLimit, replayed, null);
    }

    private long WithinKeyCap(long promptTokens, long outputLimit, int choices, long cap)
    {
        var worst = pricing.WorstCase(promptTokens, outputLimit, choices);
        return worst.IsRated && worst.Rated.CostNanos > cap ? pricing.ShrinkOutput(outputLimit, choices, worst.Rated.CostNanos - cap) : outputLimit;
    }

    private static Refusal KeyCapRefusal(long cap) => new(D.Reasons.SpendCapExceeded,
        $"Even the smallest output this call allows costs more than the key's per-request cap ({D.Money.Amount.Usd(cap)}).", [],
        new Dictionary<string, string> { ["cap"] = cap.ToString(System.Globalization.CultureInfo.InvariantCulture) });
}

/// <summary>The outcome of admitting a call: the output limit to send upstream, or why not.</summary>
public sealed record Admission(long OutputLimit, bool Replayed, Refusal? Refusal)
{
    public static Admission Refused(Refusal refusal) => new(0, false, refusal);
}

/// <summary>
/// A captured call: the USD it took from the wallet (money grants and overage; what token grants covered is
/// not money), the wallet's spendable USD after it, and what the wallet could not pay of a provider's excess.
/// </summary>
public sealed record Settled(long CostNanos, long? AvailableUsd, long Sequence, long WrittenOff)
{
    public static Settled From(CaptureReceipt receipt, DR.RatedUsage rated, long writtenOff) =>
        new(receipt.Captured.MoneyCost, receipt.AvailableAfter.FirstOrDefault(a => a.Unit == "usd")?.Value, receipt.Sequence, writtenOff);
}
