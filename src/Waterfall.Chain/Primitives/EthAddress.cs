using System.Text;
using Waterfall.Chain.Crypto;

namespace Waterfall.Chain.Primitives;

/// <summary>
/// A 20-byte account address. Equality is on the bytes, so it ignores the letter case of the text it
/// came from; <see cref="ToString"/> gives the EIP-55 mixed-case checksum form that wallets display.
/// </summary>
public readonly struct EthAddress : IEquatable<EthAddress>
{
    public const int Length = 20;

    // Null only for default(EthAddress), the zero address.
    private readonly byte[]? _bytes;

    public EthAddress(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"An address is exactly {Length} bytes, got {bytes.Length}.", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    public static EthAddress Zero => default;

    public ReadOnlySpan<byte> Span => _bytes ?? new byte[Length];

    public byte[] ToArray() => Span.ToArray();

    /// <summary>
    /// Parses "0x" + 40 hex digits. All-lowercase and all-uppercase carry no checksum and are accepted;
    /// mixed case is a checksum and must be the right one, because a wrong one means a typo.
    /// </summary>
    public static EthAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException(error);

    public static bool TryParse(string? text, out EthAddress address) => TryParse(text, out address, out _);

    private static bool TryParse(string? text, out EthAddress address, out string error)
    {
        address = default;
        if (text is null || text.Length != 2 + 2 * Length || !text.StartsWith("0x", StringComparison.Ordinal))
        {
            error = $"Not an address (0x + 40 hex digits): '{text}'.";
            return false;
        }
        if (!Hex.TryDecode(text, out var bytes))
        {
            error = $"Not an address (0x + 40 hex digits): '{text}'.";
            return false;
        }
        var digits = text.AsSpan(2);
        var hasLower = digits.ContainsAnyInRange('a', 'f');
        var hasUpper = digits.ContainsAnyInRange('A', 'F');
        address = new EthAddress(bytes);
        if (hasLower && hasUpper && !digits.SequenceEqual(address.ToString().AsSpan(2)))
        {
            address = default;
            error = $"Address has a wrong EIP-55 checksum: '{text}'.";
            return false;
        }
        error = "";
        return true;
    }

    /// <summary>The EIP-55 checksum form: a hex letter is uppercase when the matching nibble of keccak256(lowercase hex) is 8 or more.</summary>
    public override string ToString()
    {
        var lower = Convert.ToHexStringLower(Span);
        var hash = Keccak256.HashUtf8(lower).Span;
        var result = new StringBuilder("0x", 2 + 2 * Length);
        for (var i = 0; i < lower.Length; i++)
        {
            var nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f;
            result.Append(nibble >= 8 ? char.ToUpperInvariant(lower[i]) : lower[i]);
        }
        return result.ToString();
    }

    /// <summary>Lowercase form, as JSON-RPC requests and log topics usually carry it.</summary>
    public string ToLowerHex() => Hex.Encode(Span);

    public bool Equals(EthAddress other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is EthAddress other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(EthAddress left, EthAddress right) => left.Equals(right);

    public static bool operator !=(EthAddress left, EthAddress right) => !left.Equals(right);
}
