using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Crypto;

/// <summary>
/// An Ethereum ECDSA signature: r, s and the y parity of the nonce point R. Only canonical
/// signatures can be built: 0 &lt; r &lt; n and 0 &lt; s ≤ n/2 (EIP-2 low-s), because a high-s twin of a
/// valid signature is a second valid encoding and contracts such as OpenZeppelin's ECDSA reject it.
/// </summary>
public sealed class EthSignature : IEquatable<EthSignature>
{
    public const int Length = 65;

    public EthSignature(Bytes32 r, Bytes32 s, int yParity)
    {
        if (!Secp256k1.IsValidScalar(Secp256k1.ToScalar(r.Span)))
            throw new ArgumentException("Signature r must be in [1, n-1].", nameof(r));
        var sValue = Secp256k1.ToScalar(s.Span);
        if (!Secp256k1.IsValidScalar(sValue))
            throw new ArgumentException("Signature s must be in [1, n-1].", nameof(s));
        if (sValue.CompareTo(Secp256k1.HalfN) > 0)
            throw new ArgumentException("Signature s is high (above n/2); only low-s signatures are valid.", nameof(s));
        if (yParity is not (0 or 1))
            throw new ArgumentOutOfRangeException(nameof(yParity), "yParity is 0 or 1.");
        R = r;
        S = s;
        YParity = (byte)yParity;
    }

    public Bytes32 R { get; }

    public Bytes32 S { get; }

    /// <summary>0 when R's y is even, 1 when odd; what typed transactions (EIP-2718) carry.</summary>
    public byte YParity { get; }

    /// <summary>27 or 28: the legacy form used by ecrecover, EIP-3009's v argument and 65-byte signatures.</summary>
    public byte V => (byte)(27 + YParity);

    /// <summary>Parses 65 bytes r ‖ s ‖ v with v = 27 or 28.</summary>
    public static EthSignature FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new FormatException($"A signature is {Length} bytes (r ‖ s ‖ v), got {bytes.Length}.");
        var v = bytes[64];
        if (v is not (27 or 28))
            throw new FormatException($"Signature v must be 27 or 28, got {v}.");
        try
        {
            return new EthSignature(new Bytes32(bytes[..32]), new Bytes32(bytes[32..64]), v - 27);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>Parses "0x" + 130 hex digits (r ‖ s ‖ v).</summary>
    public static EthSignature Parse(string hex) => FromBytes(Hex.Decode(hex));

    /// <summary>65 bytes r ‖ s ‖ v with v = 27/28, the form x402 and eth_signTypedData return.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        R.Span.CopyTo(bytes);
        S.Span.CopyTo(bytes.AsSpan(32));
        bytes[64] = V;
        return bytes;
    }

    public string ToHex() => Hex.Encode(ToBytes());

    public override string ToString() => ToHex();

    public bool Equals(EthSignature? other) =>
        other is not null && R == other.R && S == other.S && YParity == other.YParity;

    public override bool Equals(object? obj) => Equals(obj as EthSignature);

    public override int GetHashCode() => HashCode.Combine(R, S, YParity);
}
