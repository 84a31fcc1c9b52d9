namespace Waterfall.Chain.Rlp;

/// <summary>
/// An RLP value: either a byte string (<see cref="RlpString"/>) or a list of items (<see cref="RlpList"/>).
/// RLP knows nothing else; integers, addresses and so on are conventions over byte strings.
/// </summary>
public abstract class RlpItem : IEquatable<RlpItem>
{
    private protected RlpItem()
    {
    }

    public abstract bool Equals(RlpItem? other);

    public override bool Equals(object? obj) => Equals(obj as RlpItem);

    public abstract override int GetHashCode();
}
