namespace Waterfall.Chain.TypedData;

/// <summary>One member of an EIP-712 struct type: its type ("address", "uint256", "Person", "bytes32[]") and name.</summary>
public sealed record Eip712Field(string Type, string Name)
{
    public override string ToString() => $"{Type} {Name}";
}
