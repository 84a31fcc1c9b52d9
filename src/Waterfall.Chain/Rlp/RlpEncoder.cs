namespace Waterfall.Chain.Rlp;

/// <summary>
/// Recursive Length Prefix encoding (yellow paper, appendix B), the serialization under transactions.
/// </summary>
public static class RlpEncoder
{
    public static byte[] Encode(RlpItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var buffer = new byte[EncodedLength(item)];
        var written = Write(item, buffer);
        return written == buffer.Length ? buffer : throw new InvalidOperationException("RLP length bookkeeping is off.");
    }

    // Lengths first, then one write into an exact buffer: no intermediate arrays for nested lists.
    private static int EncodedLength(RlpItem item)
    {
        switch (item)
        {
            case RlpString s:
                var bytes = s.Bytes;
                if (bytes.Length == 1 && bytes[0] < 0x80)
                    return 1; // a single low byte is its own encoding
                return HeaderLength(bytes.Length) + bytes.Length;
            case RlpList list:
                var payload = PayloadLength(list);
                return HeaderLength(payload) + payload;
            default:
                throw new ArgumentException($"Unknown RLP item {item.GetType()}.", nameof(item));
        }
    }

    private static int PayloadLength(RlpList list) => checked(list.Items.Sum(EncodedLength));

    // Up to 55 bytes the length fits in the prefix byte itself; beyond, the prefix says how many length bytes follow.
    private static int HeaderLength(int payloadLength) => payloadLength <= 55 ? 1 : 1 + ByteCount(payloadLength);

    private static int ByteCount(int value)
    {
        var count = 0;
        for (var v = (uint)value; v != 0; v >>= 8)
            count++;
        return count;
    }

    private static int Write(RlpItem item, Span<byte> destination)
    {
        switch (item)
        {
            case RlpString s:
                var bytes = s.Bytes;
                if (bytes.Length == 1 && bytes[0] < 0x80)
                {
                    destination[0] = bytes[0];
                    return 1;
                }
                var header = WriteHeader(0x80, bytes.Length, destination);
                bytes.CopyTo(destination[header..]);
                return header + bytes.Length;
            case RlpList list:
                var offset = WriteHeader(0xc0, PayloadLength(list), destination);
                foreach (var child in list.Items)
                    offset += Write(child, destination[offset..]);
                return offset;
            default:
                throw new ArgumentException($"Unknown RLP item {item.GetType()}.", nameof(item));
        }
    }

    // offset is 0x80 for strings and 0xc0 for lists; long forms add 55 to it (0xb7 / 0xf7) plus the length-of-length.
    private static int WriteHeader(byte offset, int payloadLength, Span<byte> destination)
    {
        if (payloadLength <= 55)
        {
            destination[0] = (byte)(offset + payloadLength);
            return 1;
        }
        var lengthBytes = ByteCount(payloadLength);
        destination[0] = (byte)(offset + 55 + lengthBytes);
        for (var i = 0; i < lengthBytes; i++)
            destination[lengthBytes - i] = (byte)(payloadLength >> (8 * i));
        return 1 + lengthBytes;
    }
}
