using Google.Protobuf.WellKnownTypes;
using Waterfall.Domain;
using Waterfall.Domain.Money;
using V1 = Waterfall.Api.V1;
using C = Waterfall.Contracts;

namespace Waterfall.FrontDoor.Mapping;

/// <summary>
/// Reads one request's fields, collecting every violation so a client learns all that is wrong
/// with a request at once. Call <see cref="ThrowIfInvalid"/> before using what was read.
/// </summary>
internal sealed class RequestReader
{
    private readonly List<FieldViolation> _violations = [];

    public void Violation(string field, string description) => _violations.Add(new FieldViolation(field, description));

    public void ThrowIfInvalid()
    {
        if (_violations.Count > 0) throw RpcErrors.Invalid(_violations);
    }

    /// <summary>What is wrong so far, as a refusal, or null: for an item of a batch, which is refused alone instead of failing the call.</summary>
    public Refusal? Refusal() => _violations.Count == 0 ? null : Domain.Refusal.Invalid([.. _violations]);

    public string Id(string value, string field)
    {
        if (!Identifier.IsValid(value))
            Violation(field, string.IsNullOrEmpty(value) ? "is required" : "must be 1-128 characters of letters, digits and . _ : -");
        return value;
    }

    public string? OptionalId(string value, string field) => string.IsNullOrEmpty(value) ? null : Id(value, field);

    public C.Amount Amount(V1.Amount? amount, string field)
    {
        if (amount is null)
        {
            Violation(field, "is required");
            return new C.Amount(0, "");
        }
        if (!CreditUnit.TryParse(amount.Unit, out var unit))
            Violation($"{field}.unit", $"unknown unit '{amount.Unit}'; expected one of {string.Join(", ", CreditUnit.All)}");
        if (amount.Value <= 0)
            Violation($"{field}.value", "must be positive");
        else if (amount.Value > Domain.Money.Amount.MaxValue)
            Violation($"{field}.value", $"must not exceed {Domain.Money.Amount.MaxValue}");
        return new C.Amount(amount.Value, unit.Code ?? "");
    }

    public long? Nanos(long? value, string field)
    {
        if (value is <= 0 or > Domain.Money.Amount.MaxValue)
            Violation(field, "must be positive and at most the maximum amount");
        return value;
    }

    public decimal? Decimal(string text, string field)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (Decimals.TryParse(text, out var value) && value >= 0) return value;
        Violation(field, "must be a non-negative decimal number");
        return null;
    }

    public DateTimeOffset? Time(Timestamp? timestamp, string field)
    {
        if (timestamp is null) return null;
        try
        {
            return timestamp.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            Violation(field, "is not a valid timestamp");
            return null;
        }
    }

    public TimeSpan Ttl(Duration? duration, string field, TimeSpan fallback)
    {
        if (duration is null) return fallback;
        if (Span(duration, field) is not { } ttl) return fallback;
        if (ttl < Domain.Wallets.CommandValidation.MinHoldTtl || ttl > Domain.Wallets.CommandValidation.MaxHoldTtl)
            Violation(field, "must be between 1 second and 7 days");
        return ttl;
    }

    /// <summary>
    /// A duration as a TimeSpan, or null (and a violation) for one that is not a valid duration or does not fit:
    /// seconds and nanos of opposite signs, nanos out of range, or seconds beyond TimeSpan (found by fuzzing: it was INTERNAL).
    /// </summary>
    public TimeSpan? Span(Duration duration, string field)
    {
        try
        {
            return duration.ToTimeSpan();
        }
        catch (Exception e) when (e is InvalidOperationException or OverflowException or ArgumentOutOfRangeException)
        {
            Violation(field, "is not a valid duration");
            return null;
        }
    }

    public TimeSpan TtlSeconds(long seconds, string field)
    {
        var min = (long)Domain.Wallets.CommandValidation.MinHoldTtl.TotalSeconds;
        var max = (long)Domain.Wallets.CommandValidation.MaxHoldTtl.TotalSeconds;
        if (seconds < min || seconds > max)
        {
            Violation(field, "must be between 1 second and 7 days");
            return Domain.Wallets.CommandValidation.MinHoldTtl;
        }
        return TimeSpan.FromSeconds(seconds);
    }

    public Domain.Pricing.Rating.LlmUsage Usage(V1.LlmUsage usage, string field)
    {
        if (string.IsNullOrWhiteSpace(usage.Model)) Violation($"{field}.model", "is required");
        foreach (var (name, value) in new[]
                 {
                     ("input_tokens", usage.InputTokens), ("output_tokens", usage.OutputTokens), ("cache_read_tokens", usage.CacheReadTokens),
                     ("cache_write_5m_tokens", usage.CacheWrite5MTokens), ("cache_write_1h_tokens", usage.CacheWrite1HTokens),
                     ("reasoning_tokens", usage.ReasoningTokens), ("audio_input_tokens", usage.AudioInputTokens), ("audio_output_tokens", usage.AudioOutputTokens),
                 })
        {
            if (value < 0) Violation($"{field}.{name}", "must not be negative");
            else if (value > Domain.Money.Amount.MaxValue) Violation($"{field}.{name}", "is too large");
        }
        return new Domain.Pricing.Rating.LlmUsage(usage.Model, usage.InputTokens, usage.OutputTokens, usage.CacheReadTokens,
            usage.CacheWrite5MTokens, usage.CacheWrite1HTokens, usage.ReasoningTokens, usage.AudioInputTokens, usage.AudioOutputTokens, usage.Batch);
    }

    public C.Attribution? Attribution(V1.Attribution? attribution)
    {
        if (attribution is null) return null;
        return new C.Attribution(
            OptionalId(attribution.CustomerId, "attribution.customer_id"),
            OptionalId(attribution.AgentId, "attribution.agent_id"),
            OptionalText(attribution.RequestId, "attribution.request_id"),
            EndUser: EndUser(attribution.EndUser));
    }

    private string? EndUser(string value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (!Domain.Wallets.CommandValidation.IsValidEndUser(value))
            Violation("attribution.end_user", $"must be at most {Domain.Wallets.CommandValidation.MaxEndUserLength} characters with no control characters");
        return value;
    }

    public string? OptionalText(string value, string field, int maxLength = 256)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (value.Length > maxLength) Violation(field, $"must be at most {maxLength} characters");
        return value;
    }
}
