using System.Text;

namespace Waterfall.Gateway.Protocols;

/// <summary>
/// Reads server-sent events from an upstream response stream, one at a time, holding at most one event's
/// bytes (plus what the last read brought beyond it). Lines end with \n, \r\n or \r. An event larger than
/// the bound throws <see cref="UpstreamStreamException"/>. At the end of the stream, a last event without its
/// blank line is still returned, its raw bytes completed with the missing line ends, so forwarding it keeps
/// the client's stream well-formed.
/// </summary>
public sealed class SseReader
{
    private const int ReadSize = 16 * 1024;

    private readonly Stream _stream;
    private readonly int _maxEventBytes;
    private byte[] _buffer;
    private int _start; // first byte of the current event
    private int _scan;  // first byte not yet split into lines
    private int _end;   // end of the bytes read
    private bool _eof;
    private bool _bomChecked;

    public SseReader(Stream stream, int maxEventBytes = 4 << 20)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEventBytes, 16);
        _stream = stream;
        _maxEventBytes = maxEventBytes;
        _buffer = new byte[Math.Min(ReadSize, maxEventBytes + 2)];
    }

    /// <summary>The next event, or null at the end of the stream.</summary>
    public async ValueTask<SseEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        var parser = new EventParser();
        while (true)
        {
            while (TryReadLine(out var lineStart, out var lineLength))
            {
                if (lineLength == 0)
                {
                    // A blank line before any field (stray line ends) belongs to no event.
                    if (!parser.HasLines)
                    {
                        _start = _scan;
                        continue;
                    }

                    var raw = _buffer.AsMemory(_start, _scan - _start).ToArray();
                    _start = _scan;
                    return parser.ToEvent(raw);
                }

                parser.Line(_buffer.AsSpan(lineStart, lineLength));
            }

            // Everything from _start on belongs to the current event: no complete line is left.
            if (_end - _start > _maxEventBytes)
                throw new UpstreamStreamException($"An upstream event exceeded {_maxEventBytes} bytes.");

            if (_eof)
            {
                if (_end > _scan)
                {
                    // The last line had no line end.
                    parser.Line(_buffer.AsSpan(_scan, _end - _scan));
                    _scan = _end;
                }

                if (!parser.HasLines) return null;
                var tail = _buffer.AsSpan(_start, _scan - _start);
                var completion = tail.EndsWith("\n"u8) ? "\n"u8 : "\n\n"u8;
                byte[] raw = [.. tail, .. completion];
                _start = _scan;
                return parser.ToEvent(raw);
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private bool TryReadLine(out int lineStart, out int lineLength)
    {
        lineStart = _scan;
        lineLength = 0;
        int terminatorLength;
        var span = _buffer.AsSpan(_scan, _end - _scan);
        var at = span.IndexOfAny((byte)'\n', (byte)'\r');
        if (at < 0) return false;
        if (span[at] == '\r')
        {
            if (at + 1 < span.Length) terminatorLength = span[at + 1] == '\n' ? 2 : 1;
            else if (_eof) terminatorLength = 1;
            else return false; // a \n may follow in the next read
        }
        else
        {
            terminatorLength = 1;
        }

        lineLength = at;
        _scan += at + terminatorLength;
        return true;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            var pending = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _scan -= _start;
            _end = pending;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var grown = new byte[Math.Min(_buffer.Length * 2, _maxEventBytes + ReadSize)];
            if (grown.Length <= _buffer.Length) grown = new byte[_buffer.Length + ReadSize];
            Buffer.BlockCopy(_buffer, 0, grown, 0, _end);
            _buffer = grown;
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _eof = true;
            return;
        }

        _end += read;
        if (!_bomChecked && _end >= 3)
        {
            _bomChecked = true;
            if (_buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
            {
                // A UTF-8 byte order mark opens the stream, not an event.
                _start = _scan = 3;
            }
        }
        else if (!_bomChecked && _end > 0 && _buffer[0] != 0xEF)
        {
            _bomChecked = true;
        }
    }

    /// <summary>The fields of one event, line by line (the HTML living standard's interpretation).</summary>
    private struct EventParser
    {
        private StringBuilder? _data;
        private string? _event;
        private bool _hasField;

        public bool HasLines { get; private set; }

        public void Line(ReadOnlySpan<byte> line)
        {
            HasLines = true;
            if (line.Length > 0 && line[0] == ':') return;
            var colon = line.IndexOf((byte)':');
            var name = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? [] : line[(colon + 1)..];
            if (value.Length > 0 && value[0] == ' ') value = value[1..];
            _hasField = true;
            if (name.SequenceEqual("data"u8))
            {
                if (_data is null) _data = new StringBuilder();
                else _data.Append('\n');
                _data.Append(Encoding.UTF8.GetString(value));
            }
            else if (name.SequenceEqual("event"u8))
            {
                _event = Encoding.UTF8.GetString(value);
            }
        }

        public readonly SseEvent ToEvent(byte[] raw) =>
            new(raw, _event, _data?.ToString() ?? "", IsComment: !_hasField);
    }
}
