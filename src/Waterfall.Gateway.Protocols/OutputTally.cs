namespace Waterfall.Gateway.Protocols;

/// <summary>
/// Counts a stream's output as deltas arrive. Exact per delta for a tiktoken encoding; for an estimate the
/// o200k counts are summed and the factor applied once to the total, so one-word deltas are not each rounded up.
/// Not thread-safe: one per stream.
/// </summary>
public sealed class OutputTally
{
    private readonly TokenCounter _counter;
    private readonly TokenEncoding _encoding;
    private long _raw;

    internal OutputTally(TokenCounter counter, TokenEncoding encoding)
    {
        _counter = counter;
        _encoding = encoding;
    }

    public TokenEncoding Encoding => _encoding;

    public void Add(string text)
    {
        if (string.IsNullOrEmpty(text)) return;
        _raw = checked(_raw + _counter.CountRaw(_encoding, text));
    }

    public long Tokens => TokenCounter.Finish(_encoding, _raw);
}
