namespace Waterfall.Domain.Ledger;

/// <summary>
/// Who and what an operation was for, carried onto its ledger transaction so finance can trace
/// every nano-dollar to a customer, agent, request and model.
/// </summary>
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
    string? TransactionHash = null)
{
    public static readonly Attribution None = new();
}
