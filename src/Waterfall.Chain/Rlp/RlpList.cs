namespace Waterfall.Chain.Rlp;

/// <summary>An RLP list of items, which may themselves be lists.</summary>
public sealed class RlpList : RlpItem
{
    public RlpList(IEnumerable<RlpItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items.ToArray();
        if (Items.Any(item => item is null))
            throw new ArgumentException("An RLP list cannot hold null.", nameof(items));
    }

    public RlpList(params RlpItem[] items)
        : this((IEnumerable<RlpItem>)items)
    {
    }

    public IReadOnlyList<RlpItem> Items { get; }

    public int Count => Items.Count;

    public RlpItem this[int index] => Items[index];

    public override bool Equals(RlpItem? other) => other is RlpList list && Items.SequenceEqual(list.Items);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items)
            hash.Add(item);
        return hash.ToHashCode();
    }

    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}
