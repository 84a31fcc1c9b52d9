namespace Waterfall.Domain.Grants;

/// <summary>A grant's id, unique within its wallet. The wallet assigns it from the granting sequence number.</summary>
public readonly record struct GrantId(string Value)
{
    public static GrantId ForSequence(long sequence) => new($"g{sequence}");

    public override string ToString() => Value;
}
