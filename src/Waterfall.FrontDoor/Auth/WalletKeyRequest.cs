namespace Waterfall.FrontDoor.Auth;

/// <summary>What a caller asks a new wallet key to name and allow, as read from gRPC or HTTP and not yet validated.</summary>
public sealed record WalletKeyRequest(
    string WalletId,
    string? Name,
    string? AgentId,
    IReadOnlyList<string> AllowedModels,
    Contracts.Amount? PerRequestCap);

/// <summary>A key just created: its record, and its whole text, which exists nowhere else once this answer is gone.</summary>
public sealed record IssuedWalletKey(Contracts.Keys.WalletKeyRecord Key, string Text);

/// <summary>Either a value or the refusal that explains why there is none.</summary>
public sealed record WalletKeyAnswer<T>(T? Value, Contracts.Refusal? Refusal) where T : class
{
    public static implicit operator WalletKeyAnswer<T>(T value) => new(value, null);
    public static implicit operator WalletKeyAnswer<T>(Contracts.Refusal refusal) => new(null, refusal);
}
