namespace Waterfall.Domain.Customers;

[GenerateSerializer, Alias("wf.WalletRole")]
public enum WalletRole
{
    /// <summary>The wallet subscriptions provision and a debit by customer burns.</summary>
    Main = 0,
    Agent = 1,
    Team = 2,
}

/// <summary>A wallet a customer owns: its main wallet, or one per agent or team.</summary>
[GenerateSerializer, Immutable, Alias("wf.CustomerWallet")]
public sealed record CustomerWallet([property: Id(0)] string WalletId, [property: Id(1)] WalletRole Role, [property: Id(2)] string? Name);

/// <summary>Who the customer is in the tenant's own systems.</summary>
[GenerateSerializer, Immutable, Alias("wf.CustomerProfile")]
public sealed record CustomerProfile([property: Id(0)] string? ExternalId, [property: Id(1)] string? Name, [property: Id(2)] string? Email)
{
    public static readonly CustomerProfile Empty = new(null, null, null);

    public List<FieldViolation> Check()
    {
        var v = new List<FieldViolation>();
        if (ExternalId is { Length: > 256 }) v.Add(new("external_id", "must be at most 256 characters"));
        if (Name is { Length: > 200 }) v.Add(new("name", "must be at most 200 characters"));
        if (Email is { } email && (email.Length > 254 || !email.Contains('@', StringComparison.Ordinal))) v.Add(new("email", "must be an e-mail address"));
        return v;
    }
}
