namespace Waterfall.Gateway.Protocols;

/// <summary>What the gateway accepts in one request: bounds that keep a hold finite.</summary>
public sealed record RequestLimits(int MaxChoices = 16, long MaxOutputTokens = 1_000_000)
{
    public static RequestLimits Default { get; } = new();
}
