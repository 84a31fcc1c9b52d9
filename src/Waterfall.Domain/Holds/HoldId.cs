namespace Waterfall.Domain.Holds;

/// <summary>A hold's id, unique within its wallet; assigned from the authorizing sequence number.</summary>
public readonly record struct HoldId(string Value)
{
    public static HoldId ForSequence(long sequence) => new($"h{sequence}");

    public override string ToString() => Value;
}
