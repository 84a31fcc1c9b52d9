using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Rpc;

/// <summary>
/// Which block a query reads: a number or one of the named tags. default(BlockTag) is "latest", so it
/// can be an optional parameter. "pending" matters for nonces: it counts transactions still in the pool.
/// </summary>
public readonly struct BlockTag : IEquatable<BlockTag>
{
    private readonly string? _value;

    private BlockTag(string value) => _value = value;

    public static BlockTag Latest => new("latest");

    public static BlockTag Pending => new("pending");

    public static BlockTag Earliest => new("earliest");

    public static BlockTag Safe => new("safe");

    public static BlockTag Finalized => new("finalized");

    public static BlockTag Number(ulong number) => new(Hex.EncodeQuantity(number));

    public static implicit operator BlockTag(ulong number) => Number(number);

    /// <summary>The JSON-RPC form: "latest", "pending", … or a hex quantity.</summary>
    public override string ToString() => _value ?? "latest";

    public bool Equals(BlockTag other) => ToString() == other.ToString();

    public override bool Equals(object? obj) => obj is BlockTag other && Equals(other);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public static bool operator ==(BlockTag left, BlockTag right) => left.Equals(right);

    public static bool operator !=(BlockTag left, BlockTag right) => !left.Equals(right);
}
