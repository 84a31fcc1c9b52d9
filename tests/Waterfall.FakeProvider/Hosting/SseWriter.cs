using System.Text.Json.Nodes;
using Waterfall.FakeProvider.Scripting;

namespace Waterfall.FakeProvider.Hosting;

/// <summary>Server-sent events, flushed one by one; counts as an open stream until disposed.</summary>
internal sealed class SseWriter : IDisposable
{
    private readonly FakeCall _call;
    private readonly IDisposable _lease;
    private bool _started;

    public SseWriter(FakeCall call)
    {
        _call = call;
        _lease = call.State.OpenStream();
    }

    private HttpResponse Response => _call.Http.Response;

    /// <summary>OpenAI chat framing: <c>data: &lt;json&gt;</c>.</summary>
    public Task DataAsync(JsonNode json) => WriteAsync($"data: {Json.Write(json)}\n\n");

    /// <summary>OpenAI chat's terminator.</summary>
    public Task DoneAsync() => WriteAsync("data: [DONE]\n\n");

    /// <summary>Named-event framing (Anthropic, OpenAI responses): <c>event: &lt;type&gt;</c> then <c>data: &lt;json&gt;</c>.</summary>
    public Task EventAsync(string type, JsonNode json) => WriteAsync($"event: {type}\ndata: {Json.Write(json)}\n\n");

    /// <summary>
    /// Emits pieces one at a time with the scripted delay before each, honouring <c>fake:fail_after</c>.
    /// Returns false when the connection was cut, in which case nothing more may be written.
    /// </summary>
    public async Task<bool> PiecesAsync(Directives directives, int pieces, Func<int, Task> emit)
    {
        for (var i = 0; i < pieces; i++)
        {
            if (directives.FailAfter == i) return await CutHereAsync();
            if (directives.DelayMs > 0) await Task.Delay(directives.DelayMs, _call.Aborted);
            await emit(i);
        }
        return directives.FailAfter is null || await CutHereAsync();
    }

    public async Task FinishAsync()
    {
        await Response.CompleteAsync();
        _call.Record.MarkAnswered();
    }

    public void Dispose() => _lease.Dispose();

    private async Task<bool> CutHereAsync()
    {
        await _call.CutAsync();
        return false;
    }

    private async Task WriteAsync(string text)
    {
        if (!_started)
        {
            Response.StatusCode = StatusCodes.Status200OK;
            Response.ContentType = "text/event-stream; charset=utf-8";
            Response.Headers.CacheControl = "no-cache";
            _started = true;
        }
        await Response.WriteAsync(text, _call.Aborted);
        await Response.Body.FlushAsync(_call.Aborted);
    }
}
