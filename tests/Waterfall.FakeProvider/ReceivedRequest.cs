namespace Waterfall.FakeProvider;

/// <summary>One request as the fake received it, and how its answer ended.</summary>
public sealed class ReceivedRequest
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _clientAborted;
    private volatile bool _serverAborted;
    private volatile bool _answered;
    private int _status;

    internal ReceivedRequest(long sequence, string method, string path, IReadOnlyDictionary<string, string> headers, string body)
    {
        Sequence = sequence;
        Method = method;
        Path = path;
        Headers = headers;
        Body = body;
    }

    /// <summary>1 for the first request the server received, then 2, 3, ...</summary>
    public long Sequence { get; }

    public string Method { get; }

    /// <summary>The request path with its query string, e.g. <c>/v1/chat/completions</c>.</summary>
    public string Path { get; }

    /// <summary>Headers by case-insensitive name; repeated headers are joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public string Body { get; }

    /// <summary>The client went away before the fake finished answering (a cancelled stream, a timeout).</summary>
    public bool ClientAborted => _clientAborted;

    /// <summary>The fake cut the connection on purpose (<c>fake:fail_after</c>).</summary>
    public bool ServerAborted => _serverAborted;

    /// <summary>The HTTP status the fake answered with; null while in flight or when no answer started.</summary>
    public int? Status => Volatile.Read(ref _status) is var status and > 0 ? status : null;

    /// <summary>Completes when the fake is done with this request, however it ended.</summary>
    public Task Finished => _finished.Task;

    public bool IsFinished => _finished.Task.IsCompleted;

    internal void MarkServerAborted() => _serverAborted = true;

    /// <summary>The last byte of the answer is written: a client leaving after this did not abort anything.</summary>
    internal void MarkAnswered() => _answered = true;

    internal void Finish(bool connectionGone, int? status)
    {
        Volatile.Write(ref _status, status ?? 0);
        _clientAborted = connectionGone && !_answered && !_serverAborted;
        _finished.TrySetResult();
    }
}
