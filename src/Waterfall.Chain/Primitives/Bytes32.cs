using System.Numerics;

namespace Waterfall.Chain.Primitives;

/// <summary>
/// Exactly 32 bytes: hashes, EIP-712 separators, event topics, EIP-3009 nonces, the r and s of a signature.
/// A value type so that a hash cannot be mutated once computed and compares by content.
/// </summary>
public readonly struct Bytes32 : IEquatable<Bytes32>
{
    public const int Length = 32;

    // Null only for default(Bytes32), which therefore means all zeros.
    private readonly byte[]? _bytes;

    public Bytes32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"Bytes32 needs exactly {Length} bytes, got {bytes.Length}.", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    public static Bytes32 Zero => default;

    public ReadOnlySpan<byte> Span => _bytes ?? new byte[Length];

    public byte[] ToArray() => Span.ToArray();

    public static Bytes32 Parse(string hex) => new(Hex.Decode(hex, Length));

    /// <summary>The 32-byte big-endian form of a uint256; fails when the value does not fit.</summary>
    public static Bytes32 FromUInt256(BigInteger value)
    {
        if (value.Sign < 0 || value.GetByteCount(isUnsigned: true) > Length)
            throw new ArgumentOutOfRangeException(nameof(value), "Not a uint256.");
        var buffer = new byte[Length];
        value.TryWriteBytes(buffer.AsSpan(Length - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return new Bytes32(buffer);
    }

    public BigInteger ToUInt256() => new(Span, isUnsigned: true, isBigEndian: true);

    public bool Equals(Bytes32 other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is Bytes32 other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(Bytes32 left, Bytes32 right) => left.Equals(right);

    public static bool operator !=(Bytes32 left, Bytes32 right) => !left.Equals(right);

    public override string ToString() => Hex.Encode(Span);
}
