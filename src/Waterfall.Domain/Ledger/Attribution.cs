namespace Waterfall.Domain.Ledger;

/// <summary>
/// Who and what an operation was for, carried onto its ledger transaction so finance can trace
/// every nano-dollar to a customer, agent, request and model.
/// </summary>
/// <param name="EndUser">The platform's own end user of the call (OpenAI's <c>user</c>, Anthropic's
/// <c>metadata.user_id</c>): the platform's text, not one of our identifiers.</param>
public sealed record Attribution(
    string? CustomerId = null,
    string? AgentId = null,
    string? RequestId = null,
    string? Model = null,
    string? Provider = null,
    long? InputTokens = null,
    long? OutputTokens = null,
    string? Payer = null,
    string? Network = null,
    string? TransactionHash = null,
    string? EndUser = null)
{
    public static readonly Attribution None = new();
}
