using System.Collections.Concurrent;

namespace Waterfall.FakeProvider.Hosting;

/// <summary>Everything the endpoints share: options, the request log, open streams, and the stop signal.</summary>
internal sealed class FakeProviderState(FakeProviderOptions options) : IDisposable
{
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _sequence;
    private int _openStreams;

    public FakeProviderOptions Options { get; } = options;

    /// <summary>Fires when the server stops, so hanging and slow calls end instead of holding up shutdown.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public int OpenStreams => Volatile.Read(ref _openStreams);

    public ReceivedRequest Record(string method, string path, IReadOnlyDictionary<string, string> headers, string body)
    {
        // The sequence is taken and the request enqueued under one lock so the log is in arrival order.
        lock (_requests)
        {
            var request = new ReceivedRequest(++_sequence, method, path, headers, body);
            _requests.Enqueue(request);
            // A long load run must not grow without bound: the oldest requests are forgotten first.
            while (_requests.Count > Options.MaxRecordedRequests) _requests.TryDequeue(out _);
            return request;
        }
    }

    public IDisposable OpenStream()
    {
        Interlocked.Increment(ref _openStreams);
        return new StreamLease(this);
    }

    public void Stop() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();

    private sealed class StreamLease(FakeProviderState state) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref state._openStreams);
        }
    }
}
