namespace Waterfall.Chain.Rlp;

/// <summary>
/// Strict RLP decoding: only the canonical encoding of a value is accepted (shortest prefix, no leading
/// zeros in lengths, nothing after the item), because a transaction must have exactly one byte form
/// for its hash to identify it.
/// </summary>
public static class RlpDecoder
{
    // Deep enough for anything Ethereum sends, shallow enough that hostile input cannot overflow the stack.
    private const int MaxDepth = 256;

    public static RlpItem Decode(ReadOnlySpan<byte> data)
    {
        var item = DecodeAt(data, 0, out var consumed);
        return consumed == data.Length
            ? item
            : throw new FormatException($"RLP: {data.Length - consumed} bytes left after the item.");
    }

    private static RlpItem DecodeAt(ReadOnlySpan<byte> data, int depth, out int consumed)
    {
        if (depth > MaxDepth)
            throw new FormatException("RLP: nesting too deep.");
        if (data.IsEmpty)
            throw new FormatException("RLP: unexpected end of input.");
        var prefix = data[0];
        if (prefix < 0x80)
        {
            consumed = 1;
            return new RlpString(data[..1]);
        }
        if (prefix < 0xc0)
        {
            var (headerLength, payloadLength) = ReadHeader(data, 0x80);
            var payload = data.Slice(headerLength, payloadLength);
            if (payloadLength == 1 && payload[0] < 0x80)
                throw new FormatException("RLP: a single byte below 0x80 must be encoded as itself.");
            consumed = headerLength + payloadLength;
            return new RlpString(payload);
        }
        {
            var (headerLength, payloadLength) = ReadHeader(data, 0xc0);
            var payload = data.Slice(headerLength, payloadLength);
            var items = new List<RlpItem>();
            while (!payload.IsEmpty)
            {
                items.Add(DecodeAt(payload, depth + 1, out var used));
                payload = payload[used..];
            }
            consumed = headerLength + payloadLength;
            return new RlpList(items);
        }
    }

    private static (int HeaderLength, int PayloadLength) ReadHeader(ReadOnlySpan<byte> data, byte offset)
    {
        var shortLength = data[0] - offset;
        int headerLength, payloadLength;
        if (shortLength <= 55)
        {
            headerLength = 1;
            payloadLength = shortLength;
        }
        else
        {
            var lengthBytes = shortLength - 55;
            if (data.Length < 1 + lengthBytes)
                throw new FormatException("RLP: truncated length.");
            if (data[1] == 0)
                throw new FormatException("RLP: length has a leading zero byte.");
            ulong length = 0;
            for (var i = 0; i < lengthBytes; i++)
                length = (length << 8) | data[1 + i];
            if (length <= 55)
                throw new FormatException("RLP: a length up to 55 must use the short form.");
            if (length > int.MaxValue)
                throw new FormatException("RLP: length too large.");
            headerLength = 1 + lengthBytes;
            payloadLength = (int)length;
        }
        if ((long)headerLength + payloadLength > data.Length)
            throw new FormatException("RLP: item runs past the end of input.");
        return (headerLength, payloadLength);
    }
}
